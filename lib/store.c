#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "claimkit/date.h"
#include "claimkit/money.h"
#include "claimkit/sink.h"
#include "store_int.h"

/*
 * Forward migrations: migrations[i] takes a database from version i to
 * i + 1.  Never edit one that has shipped; add the next.
 */
static const char *const migrations[] = {
	/* 0 -> 1: claims, their service lines, imports, audit, settings */
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE imports(id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
	" user TEXT NOT NULL, file TEXT NOT NULL, claims INTEGER,"
	" lines INTEGER, replaced INTEGER);"
	"CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
	" user TEXT NOT NULL, program TEXT NOT NULL, action TEXT NOT NULL,"
	" subject TEXT, before TEXT, after TEXT);"
	"CREATE TABLE claims(id INTEGER PRIMARY KEY,"
	" claim_id TEXT NOT NULL UNIQUE, status TEXT NOT NULL,"
	" filing TEXT NOT NULL, total_charge INTEGER NOT NULL,"
	" line_count INTEGER NOT NULL, first_date TEXT NOT NULL,"
	" last_date TEXT NOT NULL,"
	" import_id INTEGER NOT NULL REFERENCES imports(id),"
	" source_line INTEGER NOT NULL, batch_id INTEGER,"
	" patient_last TEXT, patient_first TEXT, patient_middle TEXT,"
	" patient_dob TEXT, patient_sex TEXT, patient_address1 TEXT,"
	" patient_address2 TEXT, patient_city TEXT, patient_state TEXT,"
	" patient_zip TEXT, patient_phone TEXT, relationship TEXT,"
	" subscriber_id TEXT, subscriber_last TEXT, subscriber_first TEXT,"
	" subscriber_middle TEXT, subscriber_dob TEXT, subscriber_sex TEXT,"
	" subscriber_address1 TEXT, subscriber_address2 TEXT,"
	" subscriber_city TEXT, subscriber_state TEXT, subscriber_zip TEXT,"
	" payer_id TEXT, payer_name TEXT, payer_filing TEXT,"
	" payer_electronic_secondary TEXT, payer_address1 TEXT,"
	" payer_address2 TEXT, payer_city TEXT, payer_state TEXT,"
	" payer_zip TEXT, rank INTEGER, group_number TEXT, group_name TEXT,"
	" filing_indicator TEXT, billing_npi TEXT, billing_tin TEXT,"
	" billing_taxonomy TEXT, billing_name TEXT, billing_address1 TEXT,"
	" billing_address2 TEXT, billing_city TEXT, billing_state TEXT,"
	" billing_zip TEXT, billing_phone TEXT, rendering_npi TEXT,"
	" rendering_last TEXT, rendering_first TEXT, rendering_taxonomy TEXT,"
	" facility_name TEXT, facility_npi TEXT, facility_address1 TEXT,"
	" facility_address2 TEXT, facility_city TEXT, facility_state TEXT,"
	" facility_zip TEXT, office TEXT, place_of_service TEXT,"
	" frequency TEXT, original_ref TEXT, provider_signature TEXT,"
	" accept_assignment TEXT, benefits_assigned TEXT,"
	" release_of_info TEXT, prior_payer_id TEXT, prior_payer_name TEXT,"
	" prior_filing_indicator TEXT, prior_group_number TEXT,"
	" prior_subscriber_id TEXT, prior_paid INTEGER, prior_paid_date TEXT,"
	" prior_adjustments TEXT, dx1 TEXT, dx2 TEXT, dx3 TEXT, dx4 TEXT,"
	" dx5 TEXT, dx6 TEXT, dx7 TEXT, dx8 TEXT, dx9 TEXT, dx10 TEXT,"
	" dx11 TEXT, dx12 TEXT, claim_total INTEGER);"
	"CREATE INDEX claims_status ON claims(status);"
	"CREATE INDEX claims_first_date ON claims(first_date);"
	"CREATE TABLE claim_lines(claim INTEGER NOT NULL"
	" REFERENCES claims(id) ON DELETE CASCADE,"
	" line_no INTEGER NOT NULL, service_date TEXT NOT NULL,"
	" service_date_to TEXT, procedure TEXT NOT NULL, modifier1 TEXT,"
	" modifier2 TEXT, modifier3 TEXT, modifier4 TEXT,"
	" units INTEGER NOT NULL, charge INTEGER NOT NULL,"
	" dx_pointers TEXT NOT NULL, line_prior_paid INTEGER,"
	" line_prior_paid_date TEXT, line_prior_adjustments TEXT,"
	" PRIMARY KEY(claim, line_no)) WITHOUT ROWID;",

	/* 1 -> 2: batches, reference batches, exclusion rules, scrub results,
	 * and when a claim became ready (for the dwell) */
	"ALTER TABLE claims ADD COLUMN ready_at TEXT;"
	"UPDATE claims SET ready_at=(SELECT at FROM imports i"
	" WHERE i.id=claims.import_id);"
	"CREATE INDEX claims_batch ON claims(batch_id);"
	"CREATE TABLE batches(id INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
	" status TEXT NOT NULL, created_at TEXT NOT NULL, user TEXT NOT NULL,"
	" file TEXT, sha256 TEXT, bytes INTEGER,"
	" claims INTEGER NOT NULL DEFAULT 0,"
	" total_charge INTEGER NOT NULL DEFAULT 0, isa_control INTEGER,"
	" gs_control INTEGER, done_at TEXT);"
	"CREATE TABLE batch_sets(batch INTEGER NOT NULL REFERENCES batches(id),"
	" st_control INTEGER NOT NULL, claims INTEGER NOT NULL,"
	" PRIMARY KEY(batch, st_control));"
	"CREATE TABLE ref_batches(id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL UNIQUE, opened_at TEXT NOT NULL,"
	" closed_at TEXT);"
	"CREATE TABLE ref_claims(ref INTEGER NOT NULL"
	" REFERENCES ref_batches(id), claim_id TEXT NOT NULL,"
	" PRIMARY KEY(ref, claim_id));"
	"CREATE INDEX ref_claims_claim ON ref_claims(claim_id);"
	"CREATE TABLE rules(id INTEGER PRIMARY KEY, payer_id TEXT,"
	" provider TEXT, office TEXT, place_of_service TEXT, procedure TEXT,"
	" min_charge INTEGER, max_charge INTEGER, created_at TEXT NOT NULL,"
	" user TEXT NOT NULL);"
	"CREATE TABLE scrub_results(claim INTEGER NOT NULL"
	" REFERENCES claims(id) ON DELETE CASCADE, rule TEXT NOT NULL,"
	" field TEXT, line INTEGER NOT NULL, message TEXT NOT NULL);"
	"CREATE INDEX scrub_results_claim ON scrub_results(claim);",

	/* 2 -> 3: clearinghouse endpoints, transfers, fetched files and the
	 * acknowledgments applied from them */
	"CREATE TABLE endpoints(name TEXT PRIMARY KEY, url TEXT NOT NULL,"
	" remote_in TEXT NOT NULL DEFAULT '', remote_out TEXT NOT NULL"
	" DEFAULT '', name_pattern TEXT NOT NULL, key_file TEXT NOT NULL"
	" DEFAULT '', known_hosts TEXT NOT NULL DEFAULT '', netrc_file TEXT"
	" NOT NULL DEFAULT '', ca_file TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL);"
	"ALTER TABLE batches ADD COLUMN endpoint TEXT;"
	"ALTER TABLE batches ADD COLUMN remote_name TEXT;"
	"ALTER TABLE batches ADD COLUMN send_pid INTEGER;"
	"ALTER TABLE batch_sets ADD COLUMN ack_status TEXT;"
	"ALTER TABLE batch_sets ADD COLUMN ack_errors TEXT;"
	"ALTER TABLE claims ADD COLUMN st_control INTEGER;"
	"CREATE TABLE transfers(id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
	" user TEXT NOT NULL, endpoint TEXT NOT NULL, direction TEXT NOT NULL,"
	" batch_id INTEGER, file TEXT, remote_name TEXT, bytes INTEGER,"
	" sha256 TEXT, result TEXT NOT NULL, error TEXT);"
	"CREATE TABLE fetched(id INTEGER PRIMARY KEY, endpoint TEXT NOT NULL,"
	" remote_name TEXT NOT NULL, bytes INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL, kind TEXT NOT NULL, file TEXT NOT NULL,"
	" fetched_at TEXT NOT NULL, applied TEXT);"
	"CREATE INDEX fetched_name ON fetched(endpoint, remote_name);"
	"CREATE TABLE acks(id INTEGER PRIMARY KEY, fetched INTEGER NOT NULL"
	" REFERENCES fetched(id), kind TEXT NOT NULL, batch_id INTEGER,"
	" st_control INTEGER, claim_id TEXT, status TEXT NOT NULL,"
	" codes TEXT, text TEXT, source TEXT, at TEXT NOT NULL);"
	"CREATE INDEX acks_claim ON acks(claim_id);",

	/* 3 -> 4: balances, settlement runs and their adjustments */
	"ALTER TABLE claims ADD COLUMN insurance_balance INTEGER NOT NULL"
	" DEFAULT 0;"
	"ALTER TABLE claims ADD COLUMN patient_balance INTEGER NOT NULL"
	" DEFAULT 0;"
	"UPDATE claims SET insurance_balance = total_charge;"
	"CREATE TABLE settle_runs(id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
	" user TEXT NOT NULL, writeoff TEXT NOT NULL, claims INTEGER NOT NULL,"
	" skipped INTEGER NOT NULL, patient_total INTEGER NOT NULL,"
	" insurance_total INTEGER NOT NULL, status TEXT NOT NULL,"
	" undone_at TEXT);"
	"CREATE TABLE settle_items(run INTEGER NOT NULL"
	" REFERENCES settle_runs(id), claim INTEGER NOT NULL"
	" REFERENCES claims(id), previous_status TEXT NOT NULL,"
	" patient_before INTEGER NOT NULL, insurance_before INTEGER NOT NULL,"
	" PRIMARY KEY(run, claim)) WITHOUT ROWID;"
	"CREATE INDEX settle_items_claim ON settle_items(claim);"
	"CREATE TABLE adjustments(id INTEGER PRIMARY KEY, claim INTEGER NOT"
	" NULL REFERENCES claims(id), run_id INTEGER, kind TEXT NOT NULL,"
	" amount INTEGER NOT NULL, reason TEXT NOT NULL, user TEXT NOT NULL,"
	" at TEXT NOT NULL);"
	"CREATE INDEX adjustments_claim ON adjustments(claim);",

	/* 4 -> 5: the temporary names a batch run records before it writes
	 * (so the next run removes only those), and which claims each batch
	 * holds, by claim id (a replaced claim is still in its batch) */
	"CREATE TABLE batch_temps(id INTEGER PRIMARY KEY, dir TEXT NOT NULL,"
	" dev INTEGER NOT NULL, ino INTEGER NOT NULL, prefix TEXT NOT NULL,"
	" started_at TEXT NOT NULL);"
	"CREATE TABLE batch_claims(batch INTEGER NOT NULL"
	" REFERENCES batches(id), claim_id TEXT NOT NULL,"
	" PRIMARY KEY(claim_id, batch)) WITHOUT ROWID;"
	"CREATE INDEX batch_claims_batch ON batch_claims(batch);"
	"INSERT INTO batch_claims SELECT batch_id, claim_id FROM claims"
	" WHERE batch_id IS NOT NULL;",
	/* 5 -> 6: the 837P's Medicare secondary type (SBR05), the second
	 * earlier payer of a tertiary claim, the line's unit (SV103) and
	 * its drug (2410) */
	"ALTER TABLE claims ADD COLUMN insurance_type TEXT;"
	"ALTER TABLE claims ADD COLUMN prior_insurance_type TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_payer_id TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_payer_name TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_filing_indicator TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_group_number TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_subscriber_id TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_paid INTEGER;"
	"ALTER TABLE claims ADD COLUMN prior2_paid_date TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_adjustments TEXT;"
	"ALTER TABLE claim_lines ADD COLUMN unit_code TEXT;"
	"ALTER TABLE claim_lines ADD COLUMN ndc TEXT;"
	"ALTER TABLE claim_lines ADD COLUMN ndc_quantity INTEGER;"
	"ALTER TABLE claim_lines ADD COLUMN ndc_unit TEXT;"
	"ALTER TABLE claim_lines ADD COLUMN line_prior2_paid INTEGER;"
	"ALTER TABLE claim_lines ADD COLUMN line_prior2_paid_date TEXT;"
	"ALTER TABLE claim_lines ADD COLUMN line_prior2_adjustments TEXT;",
	/* 6 -> 7: the mode of the files an endpoint is sent (0600, or 0640
	 * for a drop folder that a clearinghouse agent in our group reads) */
	"ALTER TABLE endpoints ADD COLUMN file_mode INTEGER NOT NULL"
	" DEFAULT 384;",
	/* 7 -> 8: 835 remittances posted by claim-remit, what they paid and
	 * adjusted per claim, line and reason, PLB, and its hold rules; the
	 * next payer of a claim, for the secondary claim posting makes */
	"ALTER TABLE claims ADD COLUMN insurance_paid INTEGER NOT NULL"
	" DEFAULT 0;"
	"ALTER TABLE claims ADD COLUMN adjusted INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE claims ADD COLUMN patient_resp INTEGER NOT NULL"
	" DEFAULT 0;"
	"ALTER TABLE claims ADD COLUMN next_payer_id TEXT;"
	"ALTER TABLE claims ADD COLUMN next_payer_name TEXT;"
	"ALTER TABLE claims ADD COLUMN next_payer_filing TEXT;"
	"ALTER TABLE claims ADD COLUMN next_filing_indicator TEXT;"
	"ALTER TABLE claims ADD COLUMN next_group_number TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_id TEXT;"
	"CREATE TABLE remits(id INTEGER PRIMARY KEY, fetched INTEGER,"
	" file TEXT NOT NULL, sha256 TEXT NOT NULL, set_no INTEGER NOT NULL,"
	" st_control TEXT, payer_key TEXT NOT NULL, payer_id TEXT,"
	" payer_name TEXT, payee_id TEXT, trace TEXT NOT NULL,"
	" amount INTEGER NOT NULL, method TEXT, paid_date TEXT,"
	" claims INTEGER NOT NULL DEFAULT 0, posted INTEGER NOT NULL"
	" DEFAULT 0, unmatched INTEGER NOT NULL DEFAULT 0,"
	" status TEXT NOT NULL, error TEXT, at TEXT NOT NULL,"
	" user TEXT NOT NULL, undone_at TEXT);"
	"CREATE UNIQUE INDEX remits_once ON remits(payer_key, trace)"
	" WHERE status IN ('posted', 'held');"
	"CREATE INDEX remits_sha256 ON remits(sha256);"
	"CREATE TABLE remit_claims(id INTEGER PRIMARY KEY,"
	" remit INTEGER NOT NULL REFERENCES remits(id),"
	" claim INTEGER REFERENCES claims(id), claim_id TEXT NOT NULL,"
	" payer_claim_id TEXT NOT NULL, clp_status TEXT NOT NULL,"
	" crossover TEXT, remarks TEXT, charge INTEGER NOT NULL,"
	" clp_paid INTEGER NOT NULL, clp_patient INTEGER NOT NULL,"
	" contractual INTEGER NOT NULL, other_adj INTEGER NOT NULL,"
	" patient INTEGER NOT NULL, units INTEGER NOT NULL,"
	" denied_units INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT,"
	" a_paid INTEGER NOT NULL DEFAULT 0, a_contractual INTEGER NOT NULL"
	" DEFAULT 0, a_other INTEGER NOT NULL DEFAULT 0, a_patient INTEGER"
	" NOT NULL DEFAULT 0, status_before TEXT, ins_before INTEGER,"
	" pat_before INTEGER, ins_after INTEGER, pat_after INTEGER,"
	" reverses INTEGER, reversed_by INTEGER, secondary INTEGER);"
	"CREATE INDEX remit_claims_remit ON remit_claims(remit);"
	"CREATE INDEX remit_claims_claim ON remit_claims(claim);"
	"CREATE TABLE remit_lines(remit_claim INTEGER NOT NULL"
	" REFERENCES remit_claims(id), seq INTEGER NOT NULL, line_no INTEGER,"
	" procedure TEXT NOT NULL, original TEXT, charge INTEGER NOT NULL,"
	" paid INTEGER NOT NULL, allowed INTEGER, units INTEGER NOT NULL,"
	" service_date TEXT, control TEXT, remarks TEXT, denied INTEGER"
	" NOT NULL, PRIMARY KEY(remit_claim, seq)) WITHOUT ROWID;"
	"CREATE TABLE remit_adjs(remit_claim INTEGER NOT NULL"
	" REFERENCES remit_claims(id), seq INTEGER NOT NULL,"
	" grp TEXT NOT NULL, reason TEXT NOT NULL, amount INTEGER NOT NULL);"
	"CREATE INDEX remit_adjs_claim ON remit_adjs(remit_claim);"
	"CREATE TABLE remit_plb(remit INTEGER NOT NULL REFERENCES remits(id),"
	" provider TEXT, fiscal_date TEXT, reason TEXT NOT NULL,"
	" reference TEXT, amount INTEGER NOT NULL);"
	"CREATE TABLE remit_rules(id INTEGER PRIMARY KEY, payer TEXT NOT NULL,"
	" created_at TEXT NOT NULL, user TEXT NOT NULL);",
	/* 8 -> 9: balance notifications: profiles, levels, template
	 * versions, statements, the queue, its history, the opt-out list */
	"CREATE TABLE notify_profiles(name TEXT PRIMARY KEY,"
	" send_at TEXT NOT NULL, created_at TEXT NOT NULL);"
	"CREATE TABLE notify_templates(id INTEGER PRIMARY KEY,"
	" profile TEXT NOT NULL, level INTEGER NOT NULL,"
	" version INTEGER NOT NULL, subject TEXT, email TEXT, sms TEXT,"
	" created_at TEXT NOT NULL, user TEXT NOT NULL,"
	" UNIQUE(profile, level, version));"
	"CREATE TABLE notify_levels(profile TEXT NOT NULL"
	" REFERENCES notify_profiles(name) ON DELETE CASCADE,"
	" level INTEGER NOT NULL, after_days INTEGER NOT NULL,"
	" channel TEXT NOT NULL, template INTEGER NOT NULL"
	" REFERENCES notify_templates(id), PRIMARY KEY(profile, level));"
	"CREATE TABLE notify_loads(id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
	" user TEXT NOT NULL, file TEXT NOT NULL);"
	"CREATE TABLE notifications(id INTEGER PRIMARY KEY,"
	" guarantor_id TEXT NOT NULL, cycle TEXT NOT NULL,"
	" statement_id TEXT NOT NULL, profile TEXT NOT NULL,"
	" level INTEGER NOT NULL, channel TEXT NOT NULL,"
	" guarantor_name TEXT NOT NULL, email TEXT, mobile TEXT,"
	" time_zone TEXT, patient_id TEXT, template INTEGER NOT NULL"
	" REFERENCES notify_templates(id), balance INTEGER NOT NULL,"
	" due_date TEXT NOT NULL, status TEXT NOT NULL,"
	" send_after TEXT NOT NULL, next_try TEXT,"
	" tries INTEGER NOT NULL DEFAULT 0, delivered TEXT NOT NULL"
	" DEFAULT '', pid INTEGER, reply TEXT, sent_at TEXT,"
	" on_demand INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);"
	"CREATE UNIQUE INDEX notifications_cycle ON notifications("
	"guarantor_id, cycle) WHERE on_demand = 0;"
	"CREATE INDEX notifications_due ON notifications(status, send_after);"
	"CREATE INDEX notifications_g ON notifications(guarantor_id, sent_at);"
	"CREATE TABLE notify_statements(id INTEGER PRIMARY KEY,"
	" load INTEGER NOT NULL REFERENCES notify_loads(id),"
	" statement_id TEXT NOT NULL, statement_date TEXT NOT NULL,"
	" guarantor_id TEXT NOT NULL, guarantor_name TEXT NOT NULL,"
	" email TEXT, mobile TEXT, channel TEXT, patient_id TEXT NOT NULL,"
	" patient_name TEXT NOT NULL, balance INTEGER NOT NULL,"
	" oldest_service TEXT NOT NULL, profile TEXT NOT NULL,"
	" level INTEGER NOT NULL, time_zone TEXT, notification INTEGER"
	" REFERENCES notifications(id), UNIQUE(statement_id, patient_id));"
	"CREATE INDEX notify_statements_load ON notify_statements(load,"
	" guarantor_id, statement_date);"
	"CREATE INDEX notify_statements_g ON notify_statements(guarantor_id,"
	" statement_date);"
	"CREATE INDEX notify_statements_n ON notify_statements(notification);"
	"CREATE TABLE notify_history(id INTEGER PRIMARY KEY,"
	" notification INTEGER NOT NULL REFERENCES notifications(id),"
	" at TEXT NOT NULL, status TEXT NOT NULL, channel TEXT,"
	" address TEXT, template INTEGER, reply TEXT,"
	" test INTEGER NOT NULL DEFAULT 0, user TEXT NOT NULL);"
	"CREATE INDEX notify_history_n ON notify_history(notification);"
	"CREATE TABLE notify_optout(address TEXT PRIMARY KEY,"
	" at TEXT NOT NULL, user TEXT NOT NULL);"
	"ALTER TABLE claims ADD COLUMN guarantor_id TEXT;"
	"ALTER TABLE claims ADD COLUMN guarantor_name TEXT;"
	"ALTER TABLE claims ADD COLUMN guarantor_email TEXT;"
	"ALTER TABLE claims ADD COLUMN guarantor_mobile TEXT;"
	"ALTER TABLE claims ADD COLUMN guarantor_channel TEXT;",
	/* 9 -> 10: img-batch: practices, facilities, payers' plans, scan
	 * batches, their image sets and images, the content-addressed files
	 * those name, and what the hot folder's last look saw */
	"CREATE TABLE img_practices(id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);"
	"CREATE TABLE img_facilities(id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);"
	"CREATE TABLE img_plans(payer_id TEXT NOT NULL, plan TEXT NOT NULL,"
	" PRIMARY KEY(payer_id, plan)) WITHOUT ROWID;"
	"CREATE TABLE img_batches(id INTEGER PRIMARY KEY,"
	" type TEXT NOT NULL CHECK(type IN ('charge', 'payment')),"
	" practice INTEGER NOT NULL REFERENCES img_practices(id),"
	" description TEXT, facility INTEGER REFERENCES img_facilities(id),"
	" dos TEXT, received TEXT, payer_id TEXT, plan TEXT,"
	" status TEXT NOT NULL DEFAULT 'open', created_at TEXT NOT NULL,"
	" closed_at TEXT,"
	" CHECK(type = 'charge' OR (facility IS NULL AND dos IS NULL AND"
	"  received IS NULL)),"
	" CHECK(type = 'payment' OR (payer_id IS NULL AND plan IS NULL)));"
	"CREATE TABLE img_files(sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL,"
	" pages INTEGER NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE img_sets(id INTEGER PRIMARY KEY,"
	" batch INTEGER NOT NULL REFERENCES img_batches(id), claim_id TEXT,"
	" line INTEGER, payment TEXT, linked_at TEXT,"
	" created_at TEXT NOT NULL);"
	"CREATE INDEX img_sets_batch ON img_sets(batch);"
	"CREATE INDEX img_sets_payment ON img_sets(payment);"
	"CREATE TABLE img_images(id INTEGER PRIMARY KEY,"
	" set_id INTEGER NOT NULL REFERENCES img_sets(id),"
	" seq INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL REFERENCES img_files(sha256),"
	" name TEXT NOT NULL, source TEXT, added_at TEXT NOT NULL,"
	" UNIQUE(set_id, seq));"
	"CREATE INDEX img_images_source ON img_images(source);"
	"CREATE TABLE img_seen(path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
	" mtime TEXT NOT NULL) WITHOUT ROWID;",
	/* 10 -> 11: billing automation stages: fee schedules (payer '' is the
	 * default schedule), each rule's stage and self-pay match, and the
	 * runs of each stage (for 'automation') */
	"CREATE TABLE fees(payer_id TEXT NOT NULL, procedure TEXT NOT NULL,"
	" modifier TEXT NOT NULL, effective TEXT NOT NULL,"
	" charge INTEGER NOT NULL, imported_at TEXT NOT NULL,"
	" PRIMARY KEY(procedure, modifier, payer_id, effective))"
	" WITHOUT ROWID;"
	"ALTER TABLE rules ADD COLUMN stage TEXT NOT NULL"
	" DEFAULT 'submission';"
	"ALTER TABLE rules ADD COLUMN self_pay INTEGER;"
	"CREATE TABLE stage_runs(id INTEGER PRIMARY KEY, stage TEXT NOT NULL,"
	" at TEXT NOT NULL, user TEXT NOT NULL, result TEXT NOT NULL,"
	" moved INTEGER NOT NULL, held INTEGER NOT NULL);"
	"CREATE INDEX stage_runs_stage ON stage_runs(stage, id);",
	/* 11 -> 12: the next payer's address, which the secondary claim
	 * posting makes takes as its payer's (2010BB N3/N4, payer block) */
	"ALTER TABLE claims ADD COLUMN next_payer_address1 TEXT;"
	"ALTER TABLE claims ADD COLUMN next_payer_address2 TEXT;"
	"ALTER TABLE claims ADD COLUMN next_payer_city TEXT;"
	"ALTER TABLE claims ADD COLUMN next_payer_state TEXT;"
	"ALTER TABLE claims ADD COLUMN next_payer_zip TEXT;",
	/* 12 -> 13: notify-queue load finds its rows of a cycle by
	 * notify_statements_g; this index only cost every row loaded */
	"DROP INDEX IF EXISTS notify_statements_load;",
	/* 13 -> 14: a notification taken by a send: the boot of the machine
	 * it ran on (with pid, who took it) and whether its delivery began,
	 * so that a stopped send's untouched ones go back to the queue */
	"ALTER TABLE notifications ADD COLUMN boot TEXT;"
	"ALTER TABLE notifications ADD COLUMN delivering INTEGER NOT NULL"
	" DEFAULT 0;",
	/* 14 -> 15: Claims Submission and ERA Processing now dwell a night by
	 * default, as the other stages do; a database already in use keeps
	 * the dwell of 0 it ran with, so nothing it sends or posts is
	 * delayed without a person deciding it */
	"INSERT OR IGNORE INTO settings(key, value) SELECT 'dwell', '0'"
	" WHERE EXISTS (SELECT 1 FROM claims);"
	"INSERT OR IGNORE INTO settings(key, value) SELECT 'stage.era.dwell',"
	" '0' WHERE EXISTS (SELECT 1 FROM claims);",
	/* 15 -> 16: what the next payer's 837P repeats of an earlier
	 * payer's remittance: claim control number, remark codes, the
	 * procedure adjudicated and units paid per line; the next payer's
	 * Medicare secondary type; who holds each earlier and the next
	 * payer's plan */
	"ALTER TABLE claims ADD COLUMN prior_claim_ref TEXT;"
	"ALTER TABLE claims ADD COLUMN prior_remarks TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_claim_ref TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_remarks TEXT;"
	"ALTER TABLE claims ADD COLUMN next_insurance_type TEXT;"
	"ALTER TABLE claim_lines ADD COLUMN line_prior_procedure TEXT;"
	"ALTER TABLE claim_lines ADD COLUMN line_prior_units INTEGER;"
	"ALTER TABLE claim_lines ADD COLUMN line_prior2_procedure TEXT;"
	"ALTER TABLE claim_lines ADD COLUMN line_prior2_units INTEGER;"
	"ALTER TABLE claims ADD COLUMN prior_relationship TEXT;"
	"ALTER TABLE claims ADD COLUMN prior_subscriber_last TEXT;"
	"ALTER TABLE claims ADD COLUMN prior_subscriber_first TEXT;"
	"ALTER TABLE claims ADD COLUMN prior_subscriber_middle TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_relationship TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_subscriber_last TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_subscriber_first TEXT;"
	"ALTER TABLE claims ADD COLUMN prior2_subscriber_middle TEXT;"
	"ALTER TABLE claims ADD COLUMN next_relationship TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_last TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_first TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_middle TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_dob TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_sex TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_address1 TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_address2 TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_city TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_state TEXT;"
	"ALTER TABLE claims ADD COLUMN next_subscriber_zip TEXT;",
	/* 16 -> 17: a secondary claim takes over its primary's patient
	 * responsibility: per claim payment, the amount it handed on to the
	 * secondary claim it made (or gave back), the CAS 23 it set against
	 * the prior payers' impact booked on a secondary, and the 835's CAS
	 * 23 in its CO, other and PR parts; the claim payment that made a
	 * secondary, found from it.  (IF NOT EXISTS: a database set back to
	 * an older version, as a test does, migrates again.) */
	"CREATE TABLE IF NOT EXISTS remit_secondary(remit_claim INTEGER"
	" PRIMARY KEY REFERENCES remit_claims(id), transfer INTEGER NOT NULL"
	" DEFAULT 0, prior INTEGER NOT NULL DEFAULT 0, r23_contractual"
	" INTEGER NOT NULL DEFAULT 0, r23_other INTEGER NOT NULL DEFAULT 0,"
	" r23_patient INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX IF NOT EXISTS remit_claims_secondary ON"
	" remit_claims(secondary) WHERE secondary IS NOT NULL;",
	/* 17 -> 18: notify-queue send writes two pages fewer per message
	 * (issue 12): no index of every notification's status, which each
	 * change of status rewrote twice and no frequent query needs (the
	 * send finds its due ones in id order, the stopped ones in one
	 * pass) */
	"DROP INDEX IF EXISTS notifications_due;",
	/* 18 -> 19: notify-queue load writes fewer index entries (issue 12).
	 * The history of the notifications a load queues begins with their
	 * queueing, kept as the range of ids each load queued, not as a
	 * 'queued' row each; the frequency cap and on-demand asks read an
	 * index of the sent and on-demand ones only, which a load, adding
	 * neither, never writes.  A statement row names its load and its
	 * notification, which the load writes before it in its transaction,
	 * with no foreign keys: checking the notification's needs an index
	 * of that column (an entry more per row loaded), the load's a lookup
	 * per row, and neither is ever deleted but a notification by the
	 * load that just queued it; its statements are found by guarantor
	 * and date.  Written to run again on a database that has it (tests
	 * replay migration 15).  The status index is gone since 18 */
	"DROP INDEX IF EXISTS notifications_g;"
	"CREATE INDEX IF NOT EXISTS notifications_sent ON notifications("
	"guarantor_id, sent_at) WHERE sent_at IS NOT NULL OR on_demand = 1;"
	"CREATE TABLE IF NOT EXISTS notify_queued(load INTEGER PRIMARY KEY"
	" REFERENCES notify_loads(id), first INTEGER NOT NULL,"
	" last INTEGER NOT NULL);"
	"CREATE TABLE notify_statements_new(id INTEGER PRIMARY KEY,"
	" load INTEGER NOT NULL,"
	" statement_id TEXT NOT NULL, statement_date TEXT NOT NULL,"
	" guarantor_id TEXT NOT NULL, guarantor_name TEXT NOT NULL,"
	" email TEXT, mobile TEXT, channel TEXT, patient_id TEXT NOT NULL,"
	" patient_name TEXT NOT NULL, balance INTEGER NOT NULL,"
	" oldest_service TEXT NOT NULL, profile TEXT NOT NULL,"
	" level INTEGER NOT NULL, time_zone TEXT, notification INTEGER,"
	" UNIQUE(statement_id, patient_id));"
	"INSERT INTO notify_statements_new SELECT id, load, statement_id,"
	" statement_date, guarantor_id, guarantor_name, email, mobile,"
	" channel, patient_id, patient_name, balance, oldest_service,"
	" profile, level, time_zone, notification FROM notify_statements;"
	"DROP TABLE notify_statements;"
	"ALTER TABLE notify_statements_new RENAME TO notify_statements;"
	"CREATE INDEX notify_statements_g ON notify_statements(guarantor_id,"
	" statement_date);",
	/* 19 -> 20: no index of the sent notifications, which cost every
	 * message sent a page written: the frequency cap reads a guarantor's
	 * cycles by notifications_cycle, and what was asked on demand by an
	 * index of those alone, which neither a load nor the queue's send
	 * writes */
	"DROP INDEX IF EXISTS notifications_sent;"
	"CREATE INDEX IF NOT EXISTS notifications_demand ON notifications("
	"guarantor_id) WHERE on_demand = 1;",
	/* 20 -> 21: a statement row is found by its guarantor and date only
	 * while it names no notification, and by its notification after:
	 * a load links most rows as it writes them, in the order of their
	 * notifications' ids, so their index entries go in at the end
	 * instead of anywhere in a guarantor index (a tenth of a load) */
	"DROP INDEX IF EXISTS notify_statements_g;"
	"CREATE INDEX IF NOT EXISTS notify_statements_g ON notify_statements("
	"guarantor_id, statement_date) WHERE notification IS NULL;"
	"CREATE INDEX IF NOT EXISTS notify_statements_n ON notify_statements("
	"notification) WHERE notification IS NOT NULL;",
};

int
ck_store_default_path(const char *path, char *buf, size_t size)
{
	const char *e = getenv("CLAIMKIT_DB"), *xdg, *home;

	if (path && *path)
		return snprintf(buf, size, "%s", path) < (int)size ? 0 : -1;
	if (e && *e)
		return snprintf(buf, size, "%s", e) < (int)size ? 0 : -1;
	if ((xdg = getenv("XDG_DATA_HOME")) && *xdg == '/')
		return snprintf(buf, size, "%s/claimkit/claimkit.db", xdg) <
		    (int)size ? 0 : -1;
	if ((home = getenv("HOME")) == NULL || *home == '\0')
		return -1;
	return snprintf(buf, size, "%s/.local/share/claimkit/claimkit.db",
	    home) < (int)size ? 0 : -1;
}

/* Creates the folders above path, each 0700 when new. */
static int
make_parents(const char *path, struct ck_err *err)
{
	char dir[4096];

	snprintf(dir, sizeof(dir), "%s", path);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			return ck_err_set(err, CK_FAIL, "cannot create folder "
			    "'%s': %s", dir, strerror(errno));
		*p = '/';
	}
	return 0;
}

/*
 * Makes sure path is a database file SQLite may open: a new one is
 * created here 0600 (SQLite then gives its -wal and -shm files the same
 * mode); an existing one must be a regular file and its mode is left as
 * the owner set it (a group-shared 0660 file is meant), only noted.
 * Nothing that is not a regular file is opened, let alone changed.
 */
static int
open_private(struct ck_store *st, int flags, struct ck_err *err)
{
	const char *path = st->path;
	struct stat sb;
	int fd, rc;

	if (stat(path, &sb) < 0 && errno == ENOENT) {
		if (flags & (CK_OPEN_EXISTING | CK_OPEN_READONLY))
			return ck_err_set(err, CK_FAIL, "no database at '%s': "
			    "a first setup command makes it (claim-batch "
			    "import, notify-queue profile add), or name it with "
			    "--db or CLAIMKIT_DB", path);
		if ((rc = make_parents(path, err)))
			return rc;
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		if (fd >= 0) {
			close(fd);
			return 0;
		}
		if (errno != EEXIST)
			return ck_err_set(err, CK_FAIL, "cannot create "
			    "database '%s': %s", path, strerror(errno));
	}
	if (stat(path, &sb) < 0)        /* else another process made it */
		return ck_err_set(err, CK_FAIL, "cannot open database '%s': %s",
		    path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return ck_err_set(err, CK_FAIL, "cannot open database '%s': "
		    "not a regular file", path);
	if (sb.st_mode & 077)
		snprintf(st->warning, sizeof(st->warning), "database '%s' is "
		    "mode %04o, open to others: it holds patient data (chmod "
		    "600 it unless they are meant to read it)", path,
		    (unsigned)(sb.st_mode & 07777));
	return 0;
}

int
ck_st_fail(struct ck_store *st, struct ck_err *err, const char *what)
{
	int rc = sqlite3_errcode(st->db);
	int temp = rc == SQLITE_BUSY || rc == SQLITE_LOCKED;

	return ck_err_set(err, temp ? CK_TEMP : CK_FAIL, "database '%s': %s: "
	    "%s", st->path, what, sqlite3_errmsg(st->db));
}

static int
exec(struct ck_store *st, const char *sql, struct ck_err *err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot run SQL");
	return 0;
}

static int
migrate(struct ck_store *st, struct ck_err *err)
{
	int v = ck_store_schema_version(st);
	int n = (int)(sizeof(migrations) / sizeof(migrations[0]));
	char sql[64];

	if (v > n)
		return ck_err_set(err, CK_FAIL, "database '%s' has schema "
		    "version %d, newer than this claimkit knows (%d): upgrade "
		    "claimkit", st->path, v, n);
	if (v == n)
		return 0;
	if (ck_store_begin(st, err) != 0)
		return err->code;
	/* Another process may have migrated while we waited for the lock. */
	for (v = ck_store_schema_version(st); v < n; v++) {
		snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", v + 1);
		if (exec(st, migrations[v], err) || exec(st, sql, err)) {
			ck_store_rollback(st);
			return err->code;
		}
	}
	return ck_store_commit(st, err);
}

/* money(cents): the amount as 123.45, so SQL can print what C does. */
static void
sql_money(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char buf[24];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	ck_money_format(sqlite3_value_int64(argv[0]), buf);
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static void
find_user(struct ck_store *st)
{
	struct passwd *pw = getpwuid(geteuid());

	if (pw && pw->pw_name)
		snprintf(st->user, sizeof(st->user), "%s", pw->pw_name);
	else
		snprintf(st->user, sizeof(st->user), "uid %u",
		    (unsigned)geteuid());
}

/* A path as an SQLite URI, for opening with URI parameters. */
static void
uri(const char *path, const char *params, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "file:");

	for (const char *p = path; *p && n + 4 < size; p++)
		if (*p == '?' || *p == '#' || *p == '%')
			n += (size_t)snprintf(buf + n, size - n, "%%%02X",
			    (unsigned char)*p);
		else
			buf[n++] = *p;
	snprintf(buf + n, size - n, "?%s", params);
}

/*
 * Connects st->db, read-only for a reader so that it never writes, even
 * by mistake, and works on a database it may not write.  immutable: no
 * -shm file can be made beside a read-only file in a read-only folder,
 * so SQLite is told nothing changes the file while it reads.
 */
static int
connect_db(struct ck_store *st, int ro, int immutable, struct ck_err *err)
{
	char name[4200];

	/* SQLite's count of its memory in use takes a lock on every
	 * allocation; nothing here reads it (fails harmlessly once SQLite
	 * has started) */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_close(st->db);
	uri(st->path, immutable ? "mode=ro&immutable=1" : ro ? "mode=ro" :
	    "mode=rw", name, sizeof(name));
	if (sqlite3_open_v2(name, &st->db, (ro ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE) | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot open");
	sqlite3_busy_timeout(st->db, 30000);
	sqlite3_create_function(st->db, "ck_money", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_money, NULL, NULL);
	ck_st_batch_functions(st);
	return exec(st, ro ? "PRAGMA foreign_keys=ON;PRAGMA cache_size=-8192;"
	    "PRAGMA temp_store=FILE" :
	    "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;PRAGMA cache_size=-8192;"
	    "PRAGMA temp_store=FILE", err);
}

/* The schema version, reading the file (the first read of a reader). */
static int
read_version(struct ck_store *st, int *v, struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
	    NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : ck_st_fail(st, err, "cannot read");
}

/* Whether a reader failed only for want of a -shm file it may not make
 * (with a -wal file the immutable file is not the whole data). */
static int
needs_immutable(struct ck_store *st)
{
	int e = sqlite3_errcode(st->db) & 0xff;
	char wal[4200];

	snprintf(wal, sizeof(wal), "%s-wal", st->path);
	return (e == SQLITE_READONLY || e == SQLITE_CANTOPEN) &&
	    access(wal, F_OK) != 0;
}

/* A reader: read-only, and the schema brought up to date first (the one
 * write a reader may need, done on a connection of its own). */
static int
open_reader(struct ck_store *st, struct ck_err *err)
{
	int v, rc, n = (int)(sizeof(migrations) / sizeof(migrations[0]));

	if ((rc = connect_db(st, 1, 0, err)) == 0)
		rc = read_version(st, &v, err);
	if (rc && needs_immutable(st) &&
	    (rc = connect_db(st, 1, 1, err)) == 0)
		rc = read_version(st, &v, err);
	if (rc)
		return rc;
	if (v >= n)
		return v > n ? migrate(st, err) : 0;
	if ((rc = connect_db(st, 0, 0, err)) || (rc = migrate(st, err)))
		return rc;
	return connect_db(st, 1, 0, err);
}

int
ck_store_open(struct ck_store **stp, const char *path, const char *program,
    int flags, struct ck_err *err)
{
	struct ck_store *st;
	int rc;

	*stp = NULL;
	if ((st = calloc(1, sizeof(*st))) == NULL ||
	    (st->program = strdup(program)) == NULL) {
		free(st);
		return ck_err_set(err, CK_FAIL, "out of memory");
	}
	snprintf(st->path, sizeof(st->path), "%s", path);
	find_user(st);
	if ((rc = open_private(st, flags, err)))
		goto fail;
	if (flags & CK_OPEN_READONLY)
		rc = open_reader(st, err);
	else if ((rc = connect_db(st, 0, 0, err)) == 0)
		rc = migrate(st, err);
	if (rc)
		goto fail;
	*stp = st;
	return 0;
fail:
	ck_store_close(st);
	return rc;
}

const char *
ck_store_warning(const struct ck_store *st)
{
	return st->warning[0] ? st->warning : NULL;
}

void
ck_store_set_progress(struct ck_store *st, const struct ck_progress *p)
{
	if (p)
		st->progress = *p;
	else
		memset(&st->progress, 0, sizeof(st->progress));
}

const struct ck_progress *
ck_store_progress(const struct ck_store *st)
{
	return st->progress.fn ? &st->progress : NULL;
}

void
ck_store_close(struct ck_store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->program);
	free(st);
}

int
ck_store_begin(struct ck_store *st, struct ck_err *err)
{
	return exec(st, "BEGIN IMMEDIATE", err);
}

int
ck_store_commit(struct ck_store *st, struct ck_err *err)
{
	return exec(st, "COMMIT", err);
}

void
ck_store_rollback(struct ck_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
ck_store_tx(struct ck_store *st,
    int (*fn)(struct ck_store *st, void *arg, struct ck_err *err), void *arg,
    struct ck_err *err)
{
	int rc;

	if ((rc = ck_store_begin(st, err)))
		return rc;
	if ((rc = fn(st, arg, err)) == 0)
		return ck_store_commit(st, err);
	ck_store_rollback(st);
	return rc;
}

int
ck_store_schema_version(struct ck_store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) ==
	    SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

int
ck_store_files(const struct ck_store *st, const char *sub, char *buf,
    size_t size, struct ck_err *err)
{
	int n = sub && *sub ? snprintf(buf, size, "%s.d/%s", st->path, sub) :
	    snprintf(buf, size, "%s.d", st->path);

	if (n < 0 || (size_t)n >= size)
		return ck_err_set(err, CK_FAIL, "database path '%s' is too "
		    "long for its files", st->path);
	return ck_mkdirs(buf, err);
}

const char *
ck_store_path(const struct ck_store *st)
{
	return st->path;
}

const char *
ck_store_user(const struct ck_store *st)
{
	return st->user;
}

sqlite3_stmt *
ck_st_stmt(struct ck_store *st, int k, const char *sql, struct ck_err *err)
{
	if (st->stmt[k] == NULL && sqlite3_prepare_v3(st->db, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, &st->stmt[k], NULL) != SQLITE_OK) {
		ck_st_fail(st, err, "cannot prepare statement");
		return NULL;
	}
	sqlite3_reset(st->stmt[k]);
	sqlite3_clear_bindings(st->stmt[k]);
	return st->stmt[k];
}

int
ck_st_done(struct ck_store *st, sqlite3_stmt *s, struct ck_err *err,
    const char *what)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		rc = ck_st_fail(st, err, what);
		sqlite3_reset(s);
		return rc;
	}
	sqlite3_reset(s);
	return 0;
}

int
ck_st_walk(struct ck_store *st, sqlite3_stmt *s, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	int n = sqlite3_column_count(s), rc;
	const char *names[128], *vals[128];

	if (n > 128)
		return ck_err_set(err, CK_FAIL, "query has too many columns");
	for (int i = 0; i < n; i++)
		names[i] = sqlite3_column_name(s, i);
	if ((rc = cb(arg, n, names, NULL)) != 0)
		return rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			vals[i] = (const char *)sqlite3_column_text(s, i);
		if ((rc = cb(arg, n, names, vals)) != 0)
			return rc;
	}
	if (rc != SQLITE_DONE)
		return ck_st_fail(st, err, "cannot read");
	return 0;
}

static void
now_utc(char *buf, size_t size)
{
	time_t t = ck_now();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
ck_audit(struct ck_store *st, const char *action, const char *subject,
    const char *before, const char *after, struct ck_err *err)
{
	sqlite3_stmt *s = ck_st_stmt(st, ST_AUDIT, "INSERT INTO audit(at,user,"
	    "program,action,subject,before,after) VALUES(?,?,?,?,?,?,?)", err);
	char now[32];

	if (s == NULL)
		return err->code;
	now_utc(now, sizeof(now));
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, st->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, st->program, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, before, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, after, -1, SQLITE_STATIC);
	return ck_st_done(st, s, err, "cannot write audit row");
}

int
ck_audit_walk(struct ck_store *st, ck_row_cb cb, void *arg,
    struct ck_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT id AS audit_id,at,user,program,"
	    "action,subject,before,after FROM audit ORDER BY id", -1, &s,
	    NULL) != SQLITE_OK)
		return ck_st_fail(st, err, "cannot read audit");
	rc = ck_st_walk(st, s, cb, arg, err);
	sqlite3_finalize(s);
	return rc;
}

void
ck_st_now(char *buf, size_t size)
{
	now_utc(buf, size);
}
