package dev.atrium.leader.election;

/**
 * What a replica does while it holds the lease: the controllers of one term. A new instance is
 * made for each term, since stopped informers and controllers cannot be restarted.
 */
public interface LeaderTerm {

    void start();

    /** Stops taking work and waits for in-flight work to finish; called at most once. */
    void stop();
}
