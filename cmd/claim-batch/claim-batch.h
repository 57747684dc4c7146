/* The verbs of claim-batch, one file each. */
#ifndef CLAIM_BATCH_H
#define CLAIM_BATCH_H

int cmd_import(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_audit(int argc, char **argv);

#endif
