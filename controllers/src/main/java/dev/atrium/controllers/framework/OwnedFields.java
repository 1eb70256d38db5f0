package dev.atrium.controllers.framework;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1ResourceQuotaSpec;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
  * Which fields of an owned object the controllers set, and how an observed object is brought in
  * line with the desired one. Everything else (server defaults, fields of other writers, status)
  * stays as observed; desired labels and annotations are added, others kept.
  *
  * <p>A StatefulSet's pod template is not compared field by field (the server fills in many
  * defaults): the desired object carries a hash of its template as an annotation, and the template
  * is written whenever that annotation or the replica count differs.
  */
final class OwnedFields {
    private OwnedFields() {
    }

    /** Whether {@code observed} differs from {@code desired} in a field that cannot be updated, so it is replaced. */
    static boolean mustReplace(KubernetesObject observed, KubernetesObject desired) {
        return switch (observed) {
            case V1RoleBinding binding -> !Objects.equals(binding.getRoleRef(), ((V1RoleBinding) desired).getRoleRef());
            case V1ClusterRoleBinding binding ->
                    !Objects.equals(binding.getRoleRef(), ((V1ClusterRoleBinding) desired).getRoleRef());
            case V1Secret secret -> {
                String type = ((V1Secret) desired).getType();
                yield type != null && !type.equals(secret.getType());
            }
            case V1StatefulSet set -> {
                V1StatefulSetSpec want = ((V1StatefulSet) desired).getSpec();
                yield !Objects.equals(set.getSpec().getSelector(), want.getSelector())
                        || !Objects.equals(set.getSpec().getServiceName(), want.getServiceName());
            }
            default -> false;
        };
    }

    /**
      * {@code observed} (a private copy, changed in place) corrected to {@code desired}, or empty
      * when it agrees already.
      */
    static <T extends KubernetesObject> Optional<T> corrected(T observed, T desired) {
        // Content first: a StatefulSet's template is judged by the annotations as observed.
        boolean content = switch (observed) {
            case V1Namespace ignored -> false;
            case V1ServiceAccount ignored -> false;
            case V1RoleBinding binding -> alignRoleBinding(binding, (V1RoleBinding) desired);
            case V1Role role -> alignRole(role, (V1Role) desired);
            case V1ClusterRoleBinding binding -> alignClusterRoleBinding(binding, (V1ClusterRoleBinding) desired);
            case V1ClusterRole role -> alignClusterRole(role, (V1ClusterRole) desired);
            case V1ResourceQuota quota -> alignQuota(quota, (V1ResourceQuota) desired);
            case V1Secret secret -> alignSecret(secret, (V1Secret) desired);
            case V1Service service -> alignService(service, (V1Service) desired);
            case V1StatefulSet set -> alignStatefulSet(set, (V1StatefulSet) desired);
            default -> throw new IllegalArgumentException("cannot ensure a " + observed.getClass().getSimpleName());
        };
        boolean metadata = alignMetadata(observed.getMetadata(), desired.getMetadata());
        return metadata || content ? Optional.of(observed) : Optional.empty();
    }

    private static boolean alignMetadata(V1ObjectMeta observed, V1ObjectMeta desired) {
        boolean changed = false;
        if (!containsAll(observed.getLabels(), desired.getLabels())) {
            observed.setLabels(merged(observed.getLabels(), desired.getLabels()));
            changed = true;
        }
        if (!containsAll(observed.getAnnotations(), desired.getAnnotations())) {
            observed.setAnnotations(merged(observed.getAnnotations(), desired.getAnnotations()));
            changed = true;
        }
        return changed;
    }

    private static boolean alignRoleBinding(V1RoleBinding observed, V1RoleBinding desired) {
        if (Objects.equals(nullToEmpty(observed.getSubjects()), nullToEmpty(desired.getSubjects()))) {
            return false;
        }
        observed.setSubjects(desired.getSubjects());
        return true;
    }

    private static boolean alignRole(V1Role observed, V1Role desired) {
        if (Objects.equals(nullToEmpty(observed.getRules()), nullToEmpty(desired.getRules()))) {
            return false;
        }
        observed.setRules(desired.getRules());
        return true;
    }

    private static boolean alignClusterRoleBinding(V1ClusterRoleBinding observed, V1ClusterRoleBinding desired) {
        if (Objects.equals(nullToEmpty(observed.getSubjects()), nullToEmpty(desired.getSubjects()))) {
            return false;
        }
        observed.setSubjects(desired.getSubjects());
        return true;
    }

    private static boolean alignClusterRole(V1ClusterRole observed, V1ClusterRole desired) {
        if (Objects.equals(nullToEmpty(observed.getRules()), nullToEmpty(desired.getRules()))) {
            return false;
        }
        observed.setRules(desired.getRules());
        return true;
    }

    private static boolean alignQuota(V1ResourceQuota observed, V1ResourceQuota desired) {
        Map<String, Quantity> want = desired.getSpec() == null ? Map.of() : nullToEmpty(desired.getSpec().getHard());
        Map<String, Quantity> have = observed.getSpec() == null ? Map.of() : nullToEmpty(observed.getSpec().getHard());
        if (sameQuantities(want, have)) {
            return false;
        }
        if (observed.getSpec() == null) {
            observed.setSpec(new V1ResourceQuotaSpec());
        }
        observed.getSpec().setHard(new HashMap<>(want));
        return true;
    }

    private static boolean alignSecret(V1Secret observed, V1Secret desired) {
        if (sameBytes(nullToEmpty(observed.getData()), nullToEmpty(desired.getData()))) {
            return false;
        }
        observed.setData(desired.getData());
        return true;
    }

    private static boolean alignService(V1Service observed, V1Service desired) {
        V1ServiceSpec want = desired.getSpec();
        V1ServiceSpec have = observed.getSpec();
        boolean same = Objects.equals(have.getSelector(), want.getSelector())
                && (want.getType() == null || want.getType().equals(have.getType()))
                && ports(have.getPorts()).equals(ports(want.getPorts()));
        if (same) {
            return false;
        }
        have.setSelector(want.getSelector());
        if (want.getType() != null) {
            have.setType(want.getType());
        }
        have.setPorts(want.getPorts());
        return true;
    }

    /** The port fields the controllers set; the server fills in the rest. */
    private static List<List<Object>> ports(List<V1ServicePort> ports) {
        return nullToEmpty(ports).stream()
                .map(port -> Arrays.<Object>asList(port.getName(), port.getPort(), port.getTargetPort(),
                        Objects.requireNonNullElse(port.getProtocol(), "TCP")))
                .toList();
    }

    private static boolean alignStatefulSet(V1StatefulSet observed, V1StatefulSet desired) {
        V1StatefulSetSpec want = desired.getSpec();
        V1StatefulSetSpec have = observed.getSpec();
        boolean templateChanged = !containsAll(observed.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
        if (Objects.equals(have.getReplicas(), want.getReplicas()) && !templateChanged) {
            return false;
        }
        have.setReplicas(want.getReplicas());
        have.setTemplate(want.getTemplate());
        return true;
    }

    private static boolean sameQuantities(Map<String, Quantity> want, Map<String, Quantity> have) {
        if (!want.keySet().equals(have.keySet())) {
            return false;
        }
        return want.entrySet().stream()
                .allMatch(entry -> entry.getValue().getNumber().compareTo(have.get(entry.getKey()).getNumber()) == 0);
    }

    private static boolean sameBytes(Map<String, byte[]> a, Map<String, byte[]> b) {
        return a.keySet().equals(b.keySet())
                && a.entrySet().stream().allMatch(entry -> Arrays.equals(entry.getValue(), b.get(entry.getKey())));
    }

    private static boolean containsAll(Map<String, String> observed, Map<String, String> desired) {
        return nullToEmpty(observed).entrySet().containsAll(nullToEmpty(desired).entrySet());
    }

    private static Map<String, String> merged(Map<String, String> observed, Map<String, String> desired) {
        Map<String, String> merged = new HashMap<>(nullToEmpty(observed));
        merged.putAll(nullToEmpty(desired));
        return merged;
    }

    private static <K, V> Map<K, V> nullToEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
