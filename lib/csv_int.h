/*
 * Internal to the CSV reader (csv.c) and its tests.
 */
#ifndef CLAIMKIT_CSV_INT_H
#define CLAIMKIT_CSV_INT_H

/* slow 1: every CSV line goes through libcsv, none through the plain-line
 * path, so that tests can compare the two on the same input.  For the
 * whole process; 0 (the default) turns it back. */
void ck_csv_set_slow(int slow);

/* How many CSV lines the plain-line path has read in this process. */
unsigned long ck_csv_plain_lines(void);

#endif
