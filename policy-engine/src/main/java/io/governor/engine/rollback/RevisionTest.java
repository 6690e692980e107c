package io.governor.engine.rollback;

/** One rule of an analysis, judging the revision against its baseline as counts come in. */
interface RevisionTest {

  /** Judges with the counts so far; may keep state between calls. */
  Judgement judge(RevisionCounters revision, RevisionCounters baseline);

  /** Whether the revision served enough for this rule to judge at all. */
  default boolean sampledEnough(RevisionCounters revision) {
    return true;
  }

  /** Whether this rule's failures are only recorded. */
  boolean dryRun();
}
