package dev.atrium.leader;

import dev.atrium.controllers.Controllers;
import dev.atrium.leader.election.LeaderTerm;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One leadership term: a fresh set of controllers, started on winning the lease, stopped on losing it. */
final class ControllersTerm implements LeaderTerm {

    private static final Logger LOG = LoggerFactory.getLogger(ControllersTerm.class);

    private final Controllers controllers;
    private final Duration stopTimeout;

    /**
     * @param stopTimeout how long in-flight reconciles may take after the term ends; below
     *                    lease duration minus renew deadline, so a deposed leader has stopped
     *                    before a successor can hold the lease
     */
    ControllersTerm(ApiClient client, Duration stopTimeout) {
        this.controllers = new Controllers(client);
        this.stopTimeout = stopTimeout;
    }

    Controllers controllers() {
        return controllers;
    }

    @Override
    public void start() {
        try {
            controllers.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("controllers failed to start; this term reconciles nothing", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (!controllers.stop(stopTimeout)) {
                LOG.warn("reconciles still in flight after {}; abandoned", stopTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
