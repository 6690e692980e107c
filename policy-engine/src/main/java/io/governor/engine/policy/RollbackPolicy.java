package io.governor.engine.policy;

/**
 * The rules that judge a new revision.
 *
 * @param errorRate the error-rate rule; absent means errors are not judged
 */
public record RollbackPolicy(ErrorRateRule errorRate) {}
