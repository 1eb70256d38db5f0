package dev.atrium.leader.election;

/** How a replica comes to run {@link LeaderTerm}s: elected through a Lease, or always (a single replica). */
public interface Leadership extends AutoCloseable {

    /** Whether a term runs now. */
    boolean isLeader();

    /** How many terms this replica has started; for metrics and tests. */
    long termsStarted();

    /** How many terms failed to start and were given up; for metrics and tests. */
    long termFailures();

    /** Stops the running term, waiting for its in-flight work. */
    @Override
    void close();
}
