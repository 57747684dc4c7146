#include <stdint.h>

#include "claimkit/date.h"
#include "claimkit/money.h"
#include "t.h"

static void
money(void)
{
	int64_t c;
	char buf[24];

	CHECK(ck_money_parse("123.45", 0, &c) == 0 && c == 12345);
	CHECK(ck_money_parse("123.4", 0, &c) == 0 && c == 12340);
	CHECK(ck_money_parse("123", 0, &c) == 0 && c == 12300);
	CHECK(ck_money_parse("0.05", 0, &c) == 0 && c == 5);
	CHECK(ck_money_parse("-12.50", 1, &c) == 0 && c == -1250);
	CHECK(ck_money_parse("-12.50", 0, &c) < 0);
	CHECK(ck_money_parse("1e3", 0, &c) < 0);
	CHECK(ck_money_parse("12.345", 0, &c) < 0);
	CHECK(ck_money_parse("1,000.00", 0, &c) < 0);
	CHECK(ck_money_parse("$5", 0, &c) < 0);
	CHECK(ck_money_parse("12.", 0, &c) < 0);
	CHECK(ck_money_parse(".5", 0, &c) < 0);
	CHECK(ck_money_parse("", 0, &c) < 0);
	CHECK(ck_money_parse(" 1", 0, &c) < 0);
	CHECK(ck_money_parse("0x10", 0, &c) < 0);
	CHECK(ck_money_parse("9999999999.99", 0, &c) == 0 &&
	    c == CK_MONEY_MAX);
	CHECK(ck_money_parse("99999999999", 0, &c) < 0);
	CHECK(ck_money_parse("99999999999999999999999", 0, &c) < 0);
	CHECK_STR(ck_money_format(12345, buf), "123.45");
	CHECK_STR(ck_money_format(5, buf), "0.05");
	CHECK_STR(ck_money_format(-50, buf), "-0.50");
	CHECK_STR(ck_money_format(0, buf), "0.00");
	CHECK_STR(ck_money_format(INT64_MIN, buf), "-92233720368547758.08");
}

static void
dates(void)
{
	char buf[11];

	CHECK(ck_date_check("2025-01-31") == 0);
	CHECK(ck_date_check("2024-02-29") == 0);
	CHECK(ck_date_check("2000-02-29") == 0);
	CHECK(ck_date_check("1900-02-29") < 0);
	CHECK(ck_date_check("2025-02-29") < 0);
	CHECK(ck_date_check("2025-02-30") < 0);
	CHECK(ck_date_check("2025-04-31") < 0);
	CHECK(ck_date_check("2025-13-01") < 0);
	CHECK(ck_date_check("2025-00-10") < 0);
	CHECK(ck_date_check("2025-1-01") < 0);
	CHECK(ck_date_check("03/01/2025") < 0);
	CHECK(ck_date_check("20250301") < 0);
	CHECK(ck_date_check("2025-03-01 ") < 0);
	CHECK(ck_date_days("1970-01-01") == 0);
	CHECK(ck_date_days("2000-03-01") == 11017);
	CHECK_STR(ck_date_from_days(ck_date_days("2024-02-29") + 1, buf),
	    "2024-03-01");
	for (long d = -25567; d < 60000; d += 37) {
		ck_date_from_days(d, buf);
		CHECK(ck_date_check(buf) == 0 && ck_date_days(buf) == d);
	}
	CHECK(ck_date_check(ck_date_today(buf)) == 0);
}

int
main(void)
{
	money();
	dates();
	return t_done();
}
