package io.governor.engine.bench;

import java.util.OptionalDouble;

/** Something that watches a deploy and may roll it back. */
interface Judge {

  String name();

  /**
   * Sees the counts at one scrape.
   *
   * @param seconds since the deploy
   * @param silent the new revision's samples are missing
   * @return the time of the rollback, when this judge decided on one now
   */
  OptionalDouble observe(double seconds, Traffic counts, boolean silent);
}
