package dev.atrium.controllers.virtualcluster;

import java.util.Objects;
import java.util.regex.Pattern;

/**
  * The platform's choices for every virtual cluster, as opposed to a user's spec: the image
  * repository of the control plane (tagged {@code v<kubernetesVersion>}) and the Kubernetes version
  * when the spec names none.
  */
public record VirtualClusterSettings(String imageRepository, String defaultKubernetesVersion) {
    /** 1.37, 1.37.2, v1.37.2 or v1.37.2-rc.1: what a release tag looks like, so it can be an image tag. */
    private static final Pattern VERSION = Pattern.compile("v?\\d+\\.\\d+(\\.\\d+)?(-[0-9A-Za-z.]+)?");

    public static final VirtualClusterSettings DEFAULTS =
            new VirtualClusterSettings("registry.k8s.io/kube-apiserver", "1.37.2");

    public VirtualClusterSettings {
        Objects.requireNonNull(imageRepository, "imageRepository");
        if (!validVersion(defaultKubernetesVersion)) {
            throw new IllegalArgumentException("not a Kubernetes version: " + defaultKubernetesVersion);
        }
    }

    public static boolean validVersion(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    /** The version a spec asks for, or the default; always with the leading {@code v}. */
    public String version(String requested) {
        String version = requested == null || requested.isEmpty() ? defaultKubernetesVersion : requested;
        return version.startsWith("v") ? version : "v" + version;
    }

    public String image(String requestedVersion) {
        return imageRepository + ":" + version(requestedVersion);
    }
}
