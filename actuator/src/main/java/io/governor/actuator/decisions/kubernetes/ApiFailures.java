package io.governor.actuator.decisions.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.governor.actuator.decisions.ActuationUnavailableException;

/**
 * Which answers of the API server may pass, in one place for every action: those are retried with
 * the caller's policy; any other refusal of a write is final and becomes the result.
 */
public final class ApiFailures {

  private ApiFailures() {}

  /** No answer, a server error or throttling: the API server may answer later. */
  public static boolean mayPass(KubernetesClientException e) {
    return e.getCode() == 0 || e.getCode() >= 500 || e.getCode() == 429;
  }

  /**
   * A request that failed in a way that may pass, or a read that was refused: without the live
   * state nothing can be judged, so even a 403 on a read is retried, then dead-lettered with this
   * message, from where a replay is safe once the permission is granted.
   */
  public static ActuationUnavailableException unavailable(
      String doing, KubernetesClientException e) {
    if (!mayPass(e)) {
      return new ActuationUnavailableException(
          ActuationUnavailableException.Reason.API_SERVER_UNAVAILABLE,
          doing + " was refused: " + e.getCode() + " " + e.getMessage(),
          e);
    }
    return new ActuationUnavailableException(
        ActuationUnavailableException.Reason.API_SERVER_UNAVAILABLE,
        doing + " failed: " + e.getMessage(),
        e);
  }

  /** The object kept changing between read and write: the caller's retry reads it again later. */
  public static ActuationUnavailableException conflicts(
      String object, int conflicts, KubernetesClientException e) {
    return new ActuationUnavailableException(
        ActuationUnavailableException.Reason.CONFLICT_RETRIES_EXHAUSTED,
        object + " kept changing under the patch (" + conflicts + " conflicts)",
        e);
  }
}
