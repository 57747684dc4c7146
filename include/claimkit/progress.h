/*
 * progress.h - how long work (an import, a run, a send, a fetch, a
 * posting) tells its caller how far it has got.  The library never
 * prints: it calls the caller's function, and claimkit's programs draw a
 * counter only when standard error is a terminal, so cron sees nothing.
 *
 * Ownership: the caller owns the struct and what arg points to; the
 * library calls fn only during the call that does the work.  A store
 * carries the caller's (ck_store_set_progress), so every job that takes
 * a store can report without another parameter.
 */
#ifndef CLAIMKIT_PROGRESS_H
#define CLAIMKIT_PROGRESS_H

struct ck_progress {
	/* what: such as "importing"; done of total items (total < 0 when
	 * not known).  what NULL: the work is over, clear what was drawn. */
	void (*fn)(void *arg, const char *what, long done, long total);
	void *arg;
};

/* fn is called once every CK_PROGRESS_EVERY items, so that a tick per
 * row costs a test and a branch; fn itself limits how often it draws. */
#define CK_PROGRESS_EVERY 512

static inline void
ck_progress_tick(const struct ck_progress *p, const char *what, long done,
    long total)
{
	if (p && p->fn && (done % CK_PROGRESS_EVERY == 0 || done == total))
		p->fn(p->arg, what, done, total);
}

/* Every item, for work whose items are slow and few (files sent or
 * fetched): fn still limits how often it draws. */
static inline void
ck_progress_each(const struct ck_progress *p, const char *what, long done,
    long total)
{
	if (p && p->fn)
		p->fn(p->arg, what, done, total);
}

/* The work is over (done or failed). */
static inline void
ck_progress_end(const struct ck_progress *p)
{
	if (p && p->fn)
		p->fn(p->arg, NULL, 0, 0);
}

#endif
