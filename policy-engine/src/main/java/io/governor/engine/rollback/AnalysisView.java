package io.governor.engine.rollback;

import java.time.Instant;
import java.util.List;

/**
 * What a running analysis sees now: each rule's numbers and how far it is from deciding.
 *
 * @param endsAt when it passes, if nothing fails before
 * @param pendingDecision the id of a decision waiting to be published, if any
 * @param rules each rule's current judgement: observed values, thresholds and a summary
 */
public record AnalysisView(
    String policy,
    long policyVersion,
    String revision,
    String baselineRevision,
    Instant startedAt,
    Instant endsAt,
    String pendingDecision,
    List<Judgement> rules) {}
