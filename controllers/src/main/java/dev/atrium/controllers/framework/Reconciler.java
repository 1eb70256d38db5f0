package dev.atrium.controllers.framework;

/**
  * Brings the cluster in line with one primary object. Level-based and idempotent: it reads the
  * current state from the informer caches, never from the request's history, and returns what to
  * write; the framework performs those writes (each conditional or idempotent) once, in order.
  * A thrown exception is counted as an error and the request retried with rate-limited backoff.
  */
@FunctionalInterface
public interface Reconciler {
    Result reconcile(Request request) throws Exception;
}
