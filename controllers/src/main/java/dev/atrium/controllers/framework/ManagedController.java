package dev.atrium.controllers.framework;

import io.kubernetes.client.extended.controller.DefaultController;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
  * One controller: client-java-extended's {@link DefaultController} (work queue, worker threads,
  * rate-limited retries) running a {@link Reconciler}, whose {@link Result} the framework writes.
  * Its worker pool is owned here, so {@link #stop} can wait for in-flight reconciles. Single use.
  */
public final class ManagedController {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedController.class);

    private final String name;
    private final Reconciler reconciler;
    private final ActionWriter writer;
    private final RateLimitingQueue<io.kubernetes.client.extended.controller.reconciler.Request> queue;
    private final ExecutorService queueWorker;
    private final ScheduledExecutorService workerPool;
    private final DefaultController controller;
    private final ControllerMetrics metrics;
    private Thread runner;

    ManagedController(String name, Reconciler reconciler, ActionWriter writer,
                      RateLimitingQueue<io.kubernetes.client.extended.controller.reconciler.Request> queue,
                      ExecutorService queueWorker, int workers) {
        this.name = name;
        this.reconciler = reconciler;
        this.writer = writer;
        this.queue = queue;
        this.queueWorker = queueWorker;
        this.metrics = new ControllerMetrics(name, queue::length);
        this.workerPool = Executors.newScheduledThreadPool(workers,
                Thread.ofPlatform().name("atrium-" + name + "-worker-", 0).daemon().factory());
        this.controller = new DefaultController(name, this::reconcile, queue);
        controller.setWorkerCount(workers);
        controller.setWorkerThreadPool(workerPool);
    }

    public String name() {
        return name;
    }

    public ControllerMetrics metrics() {
        return metrics;
    }

    synchronized void start() {
        if (runner != null) {
            throw new IllegalStateException("controller " + name + " was started already");
        }
        runner = Thread.ofPlatform().name("atrium-" + name).daemon().start(controller);
    }

    /** Stops taking requests and waits up to {@code timeout} for reconciles in flight; true when all finished. */
    boolean stop(Duration timeout) throws InterruptedException {
        controller.shutdown(); // shuts the queue down, then the worker pool
        boolean finished = workerPool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        queueWorker.shutdownNow();
        Thread thread;
        synchronized (this) {
            thread = runner;
        }
        if (thread != null) {
            thread.join(Math.max(1, timeout.toMillis()));
        }
        if (!finished) {
            LOG.warn("controller {}: reconciles still running after {}", name, timeout);
        }
        return finished;
    }

    private io.kubernetes.client.extended.controller.reconciler.Result reconcile(
            io.kubernetes.client.extended.controller.reconciler.Request key) {
        Request request = new Request(key.getNamespace(), key.getName());
        long start = System.nanoTime();
        boolean error = false;
        boolean conflict = false;
        try {
            Result result = reconciler.reconcile(request);
            writer.apply(result.actions());
            return result.requeueAfter()
                    .map(delay -> new io.kubernetes.client.extended.controller.reconciler.Result(true, delay))
                    .orElseGet(() -> new io.kubernetes.client.extended.controller.reconciler.Result(false));
        } catch (ConflictException e) {
            conflict = true;
            LOG.debug("{} {}: conflict, retrying: {}", name, request, e.getMessage());
            return new io.kubernetes.client.extended.controller.reconciler.Result(true, ControllerBuilder.CONFLICT_RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = true;
            return new io.kubernetes.client.extended.controller.reconciler.Result(true);
        } catch (Exception e) {
            error = true;
            LOG.warn("{} {}: {}", name, request, describe(e));
            return new io.kubernetes.client.extended.controller.reconciler.Result(true);
        } finally {
            metrics.finished(System.nanoTime() - start, error, conflict);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof io.kubernetes.client.openapi.ApiException api) {
            return "HTTP " + api.getCode() + " " + (api.getResponseBody() != null ? api.getResponseBody() : api.getMessage());
        }
        return e.toString();
    }
}
