package dev.atrium.controllers.framework;

import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a reconcile decided: the writes to perform, in order, and whether to look again later. */
public final class Result {
    private final List<Action> actions = new ArrayList<>();
    private Duration requeueAfter;

    private Result() {
    }

    /** Nothing (more) to write yet; add actions with the builder methods. */
    public static Result of() {
        return new Result();
    }

    /** Nothing to do. */
    public static Result done() {
        return new Result();
    }

    public Result ensure(KubernetesObject desired) {
        actions.add(new Action.Ensure(desired));
        return this;
    }

    public Result delete(KubernetesObject observed) {
        actions.add(new Action.Delete(observed));
        return this;
    }

    public Result status(DynamicKubernetesObject primary, JsonObject status) {
        actions.add(new Action.WriteStatus(primary, status));
        return this;
    }

    public Result finalizers(DynamicKubernetesObject primary, List<String> finalizers) {
        actions.add(new Action.SetFinalizers(primary, List.copyOf(finalizers)));
        return this;
    }

    /** Reconcile the same request again after {@code delay} even without a change (e.g. waiting for a deletion). */
    public Result requeueAfter(Duration delay) {
        this.requeueAfter = delay;
        return this;
    }

    public List<Action> actions() {
        return List.copyOf(actions);
    }

    public Optional<Duration> requeueAfter() {
        return Optional.ofNullable(requeueAfter);
    }
}
