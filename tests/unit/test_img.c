/* lib/img*.c: kinds from content, and the sets of a payment that
 * claim-remit's show names (ck_img_sets_for_payment). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "claimkit/img.h"
#include "t.h"

static char dir[64];

static void
write_file(const char *name, const void *p, size_t n, char *path)
{
	FILE *fp;

	snprintf(path, 128, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	fwrite(p, 1, n, fp);
	fclose(fp);
}

static char rows[512];

static int
row_cb(void *arg, int n, const char *const *names, const char *const *vals)
{
	(void)arg;
	for (int i = 0; i < n; i++)
		snprintf(rows + strlen(rows), sizeof(rows) - strlen(rows),
		    "%s%s", i ? "," : "", vals ? (vals[i] ? vals[i] : "") :
		    names[i]);
	snprintf(rows + strlen(rows), sizeof(rows) - strlen(rows), "\n");
	return 0;
}

static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J',
    'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9};

int
main(void)
{
	struct ck_img_new pay = {.type = "payment", .payer = "60054"};
	struct ck_img_info info;
	struct ck_store *st;
	struct ck_err err = {0};
	char path[128], db[128];
	const char *files[1];
	int64_t batch = 0, set = 0;

	snprintf(dir, sizeof(dir), "/tmp/ck-img-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;

	/* the kind is the content's, whatever the name says */
	write_file("scan.pdf", jpeg, sizeof(jpeg), path);
	CHECK(ck_img_kind(path, &info, &err) == 0);
	CHECK_STR(info.kind, "jpeg");
	CHECK(info.pages == 1 && info.bytes == (int64_t)sizeof(jpeg));
	write_file("cut.jpg", jpeg, sizeof(jpeg) - 2, path);
	CHECK(ck_img_kind(path, &info, &err) == CK_DATA);
	CHECK(strstr(err.msg, "cut.jpg': truncated or corrupt JPEG") != NULL);
	write_file("text.png", "hello", 5, path);
	CHECK(ck_img_kind(path, &info, &err) == CK_DATA);
	CHECK(strstr(err.msg, "not a PDF, TIFF, JPEG or PNG") != NULL);
	write_file("empty.tif", "", 0, path);
	CHECK(ck_img_kind(path, &info, &err) == CK_DATA);
	CHECK(strstr(err.msg, "empty file") != NULL);

	/* a payment's sets, for claim-remit's show */
	snprintf(db, sizeof(db), "%s/ck.db", dir);
	CHECK(ck_store_open(&st, db, "test", 0, &err) == 0);
	CHECK(ck_img_ref_add(st, "practice", "RIV", "Riverside", &err) == 0);
	CHECK(ck_img_plan_add(st, "60054", "Aetna PPO", &err) == 0);
	pay.description = "EOBs";
	CHECK(ck_img_create(st, &pay, &batch, &err) == 0);
	write_file("eob.jpg", jpeg, sizeof(jpeg), path);
	files[0] = path;
	CHECK(ck_img_add(st, batch, &set, files, 1, &err) == 0);
	CHECK(ck_img_link(st, set, NULL, 0, "EFT77", &err) == 0);
	CHECK(ck_img_sets_for_payment(st, "EFT77", row_cb, NULL, &err) == 0);
	CHECK_STR(rows, "set_id,batch_id,batch_description,images\n1,1,EOBs,1\n");
	rows[0] = '\0';
	CHECK(ck_img_sets_for_payment(st, "EFT78", row_cb, NULL, &err) == 0);
	CHECK_STR(rows, "set_id,batch_id,batch_description,images\n");
	ck_store_close(st);

	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return t_done();
}
