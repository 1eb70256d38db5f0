package dev.atrium.controllers.framework;

import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
  * Runs a set of controllers over one shared set of {@link Informers}. Single use: built, started
  * once, stopped once; a new term uses a new instance (neither informers nor client-java's
  * {@code DefaultController} can restart).
  */
public final class ControllerManager {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    private enum State { NEW, RUNNING, STOPPED }

    private final Informers informers;
    private final ActionWriter writer;
    private final List<ManagedController> controllers = new ArrayList<>();
    private State state = State.NEW;

    /** {@code client} must have a read timeout of zero (watches stay open); see {@link Informers}. */
    public ControllerManager(ApiClient client) {
        if (client.getReadTimeout() != 0) {
            throw new IllegalArgumentException("the ApiClient's read timeout must be 0 for informers' watches");
        }
        this.informers = new Informers(client);
        this.writer = new ActionWriter(client, informers);
    }

    public Informers informers() {
        return informers;
    }

    /** Starts building a controller; {@link ControllerBuilder#build()} registers it here. */
    public synchronized ControllerBuilder controller(String name) {
        if (state != State.NEW) {
            throw new IllegalStateException("controllers are added before start");
        }
        return new ControllerBuilder(name, writer, this::register);
    }

    private synchronized void register(ManagedController controller) {
        if (state != State.NEW) {
            throw new IllegalStateException("controllers are added before start");
        }
        controllers.add(controller);
    }

    /**
      * Starts the informers, waits until their caches are filled, then starts the controllers'
      * workers. Throws when the caches do not sync within {@code syncTimeout} (everything started
      * is stopped again).
      */
    public void start(Duration syncTimeout) throws InterruptedException {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("a ControllerManager starts once; create a new one");
            }
            state = State.RUNNING;
            informers.start();
        }
        if (!informers.awaitSynced(syncTimeout)) {
            stop(Duration.ofSeconds(5));
            throw new IllegalStateException("informer caches did not sync within " + syncTimeout);
        }
        synchronized (this) {
            if (state == State.RUNNING) {
                controllers.forEach(ManagedController::start);
                LOG.info("started controllers {}", controllers.stream().map(ManagedController::name).toList());
            }
        }
    }

    /**
      * Stops every controller, waiting up to {@code timeout} for reconciles in flight, then the
      * informers. True when every reconcile finished in time. Idempotent.
      */
    public boolean stop(Duration timeout) throws InterruptedException {
        synchronized (this) {
            if (state == State.STOPPED) {
                return true;
            }
            state = State.STOPPED;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean finished = true;
        for (ManagedController controller : controllers) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            finished &= controller.stop(left);
        }
        informers.stop();
        LOG.info("stopped controllers");
        return finished;
    }

    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    public synchronized List<ControllerMetrics> metrics() {
        return controllers.stream().map(ManagedController::metrics).toList();
    }
}
