package io.governor.contracts.http;

/**
 * One field at fault in a request.
 *
 * @param field the JSON path of the field, e.g. {@code rollback.errorRate.maxRatio}
 */
public record Violation(String field, String message) {}
