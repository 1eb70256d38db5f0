package dev.atrium.controllers;

import dev.atrium.controllers.framework.ControllerManager;
import dev.atrium.controllers.framework.ControllerMetrics;
import dev.atrium.controllers.framework.Informers;
import dev.atrium.controllers.project.ProjectReconciler;
import dev.atrium.controllers.space.SpaceInstanceReconciler;
import dev.atrium.controllers.user.UserReconciler;
import dev.atrium.controllers.virtualcluster.VirtualClusterInstanceReconciler;
import dev.atrium.controllers.virtualcluster.VirtualClusterSettings;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.List;

/**
  * Atrium's controllers for one leadership term: the project, space-instance, virtual-cluster-instance
  * and user reconcilers over shared informers of the storage CRDs and the objects they own.
  *
  * <pre>{@code
  * Controllers controllers = new Controllers(apiClient);   // read timeout 0, as for any informer
  * controllers.start();                                     // on becoming leader; returns once caches synced
  * ...
  * controllers.stop();                                      // on losing the lease or SIGTERM: waits for reconciles
  * }</pre>
  *
  * A stopped instance cannot start again; the next term creates a new {@code Controllers}.
  */
public final class Controllers implements AutoCloseable {
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final ControllerManager manager;

    public Controllers(ApiClient client) {
        this(client, VirtualClusterSettings.DEFAULTS);
    }

    public Controllers(ApiClient client, VirtualClusterSettings virtualClusters) {
        this.manager = new ControllerManager(client);
        Informers informers = manager.informers();
        new ProjectReconciler(informers).watches(manager.controller(ProjectReconciler.NAME), informers).build();
        new SpaceInstanceReconciler(informers).watches(manager.controller(SpaceInstanceReconciler.NAME), informers).build();
        new VirtualClusterInstanceReconciler(informers, virtualClusters)
                .watches(manager.controller(VirtualClusterInstanceReconciler.NAME), informers).build();
        new UserReconciler(informers).watches(manager.controller(UserReconciler.NAME)).build();
    }

    /** Starts informers and controllers; returns once the caches are synced (throws after 30 s without). */
    public void start() throws InterruptedException {
        manager.start(DEFAULT_SYNC_TIMEOUT);
    }

    public void start(Duration syncTimeout) throws InterruptedException {
        manager.start(syncTimeout);
    }

    /** Stops taking work, waits up to 10 s for reconciles in flight, stops the informers. */
    public boolean stop() throws InterruptedException {
        return manager.stop(DEFAULT_STOP_TIMEOUT);
    }

    /** Like {@link #stop()}; true when every in-flight reconcile finished within {@code timeout}. */
    public boolean stop(Duration timeout) throws InterruptedException {
        return manager.stop(timeout);
    }

    public boolean isRunning() {
        return manager.isRunning();
    }

    /** One entry per controller: reconciles, errors, conflicts, last duration, queue depth. */
    public List<ControllerMetrics> metrics() {
        return manager.metrics();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
