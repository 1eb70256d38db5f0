package dev.atrium.leader.election;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs terms without leader election ({@code --leader-elect=false}, a single replica): one term
 * for the replica's whole life, or, when a term fails to start, a new one after {@code retry}.
 */
public final class AlwaysLeader implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(AlwaysLeader.class);

    private final Supplier<LeaderTerm> terms;
    private final Duration retry;
    private final Thread starter;
    private volatile boolean closed;
    private LeaderTerm term;
    private long termsStarted;
    private long termFailures;

    public AlwaysLeader(Supplier<LeaderTerm> terms, Duration retry) {
        this.terms = terms;
        this.retry = retry;
        this.starter = Thread.ofPlatform().name("controllers-term").daemon().unstarted(this::run);
    }

    public AlwaysLeader start() {
        starter.start();
        return this;
    }

    private void run() {
        while (!closed && !startTerm()) {
            try {
                Thread.sleep(retry);
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }

    private synchronized boolean startTerm() {
        if (closed) {
            return true;
        }
        term = terms.get();
        termsStarted++;
        try {
            term.start();
            return true;
        } catch (RuntimeException e) {
            termFailures++;
            LOG.error("the term failed to start; stopping it and starting a new one in {}", retry, e);
            term.stop();
            term = null;
            return false;
        }
    }

    @Override
    public synchronized boolean isLeader() {
        return term != null;
    }

    @Override
    public synchronized long termsStarted() {
        return termsStarted;
    }

    @Override
    public synchronized long termFailures() {
        return termFailures;
    }

    @Override
    public void close() {
        closed = true;
        starter.interrupt();
        synchronized (this) {
            if (term != null) {
                term.stop();
                term = null;
            }
        }
    }
}
