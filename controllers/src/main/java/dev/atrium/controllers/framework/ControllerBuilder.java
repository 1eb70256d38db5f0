package dev.atrium.controllers.framework;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.informer.ResourceEventHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
  * Builds a {@link ManagedController}: a reconciler, the informers whose events enqueue requests
  * (the primary resource and owned or related objects, each mapped back to the owner's key), and
  * a rate-limited work queue of client-java-extended.
  */
public final class ControllerBuilder {
    private final String name;
    private final ActionWriter writer;
    private final ExecutorService queueWorker;
    private final RateLimitingQueue<io.kubernetes.client.extended.controller.reconciler.Request> queue;
    private final List<Runnable> registrations = new ArrayList<>();
    private Reconciler reconciler;
    private int workers = 2;

    private final Consumer<ManagedController> register;

    ControllerBuilder(String name, ActionWriter writer, Consumer<ManagedController> register) {
        this.name = name;
        this.writer = writer;
        this.register = register;
        this.queueWorker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("atrium-queue-" + name).daemon().factory());
        this.queue = new DefaultRateLimitingQueue<>(queueWorker);
    }

    public ControllerBuilder reconciler(Reconciler reconciler) {
        this.reconciler = reconciler;
        return this;
    }

    public ControllerBuilder workers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive");
        }
        this.workers = workers;
        return this;
    }

    /** Reconciles each object of {@code source} under its own key. */
    public <T extends KubernetesObject> ControllerBuilder watchPrimary(Cached<T> source) {
        return watch(source, object -> List.of(new Request(object.getMetadata().getNamespace(), object.getMetadata().getName())));
    }

    /**
      * Reconciles the requests {@code mapper} derives from each added, changed or deleted object of
      * {@code source}; on a change both the old and the new object are mapped, so a moved reference
      * reconciles both owners.
      */
    public <T extends KubernetesObject> ControllerBuilder watch(Cached<T> source, Function<T, Collection<Request>> mapper) {
        registrations.add(() -> source.informer().addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                enqueue(mapper.apply(object));
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                enqueue(mapper.apply(oldObject));
                enqueue(mapper.apply(newObject));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                enqueue(mapper.apply(object));
            }
        }));
        return this;
    }

    private void enqueue(Collection<Request> requests) {
        requests.stream().filter(Objects::nonNull).forEach(request -> queue.add(
                new io.kubernetes.client.extended.controller.reconciler.Request(request.namespace(), request.name())));
    }

    public ManagedController build() {
        if (reconciler == null) {
            throw new IllegalStateException("controller " + name + " has no reconciler");
        }
        registrations.forEach(Runnable::run);
        ManagedController controller = new ManagedController(name, reconciler, writer, queue, queueWorker, workers);
        register.accept(controller);
        return controller;
    }

    /** How long a request waits before it is retried after a conflict: at once, the cache will have caught up. */
    static final Duration CONFLICT_RETRY = Duration.ofMillis(100);
}
