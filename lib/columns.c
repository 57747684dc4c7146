/* The claim import columns: the table made from columns.def. */
#include <string.h>

#include "claimkit/claim.h"

const struct ck_column ck_columns[] = {
#define CK_COL(n, line, req, phi, type, max, choices, dflt) \
	{ #n, line, req, phi, type, max, choices, dflt },
#include "claimkit/columns.def"
#undef CK_COL
};

const size_t ck_ncolumns = sizeof(ck_columns) / sizeof(ck_columns[0]);

int
ck_column_find(const char *name)
{
	for (size_t i = 0; i < ck_ncolumns; i++)
		if (strcmp(ck_columns[i].name, name) == 0)
			return (int)i;
	return -1;
}
