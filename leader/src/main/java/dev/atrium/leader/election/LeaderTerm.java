package dev.atrium.leader.election;

/**
 * What a replica does while it holds the lease: the controllers of one term. A new instance is
 * made for each term, since stopped informers and controllers cannot be restarted.
 */
public interface LeaderTerm {

    /**
     * Starts the term's work. Throws when the term cannot work (e.g. its caches did not sync):
     * leader election then stops the term and gives up the lease.
     */
    void start();

    /** Stops taking work and waits for in-flight work to finish; called at most once. */
    void stop();

    /** Several terms as one: started in order, stopped in reverse (also those never started). */
    static LeaderTerm all(LeaderTerm... terms) {
        return new LeaderTerm() {
            @Override
            public void start() {
                for (LeaderTerm term : terms) {
                    term.start();
                }
            }

            @Override
            public void stop() {
                for (int i = terms.length - 1; i >= 0; i--) {
                    terms[i].stop();
                }
            }
        };
    }
}
