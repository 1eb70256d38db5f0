package dev.atrium.apiserver.rest;

import dev.atrium.apiserver.status.StatusException;
import java.util.List;
import java.util.Locale;

/**
 * What a client's Accept header asks for, among what this server answers, taken from the first
 * media range it can serve: the object as JSON (always possible, also in place of protobuf,
 * which it declines), a meta.k8s.io/v1 Table, PartialObjectMetadata (kube-controller-manager's
 * metadata informers). Discovery documents negotiate on their own.
 */
public record Accept(As as) {

    public enum As { OBJECT, TABLE, PARTIAL_OBJECT_METADATA }

    public static final Accept JSON = new Accept(As.OBJECT);
    private static final List<String> OFFERED = List.of("application/json",
            "application/json;as=Table;v=v1;g=meta.k8s.io",
            "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io",
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io");

    /** @throws StatusException 406 when no media range is one this server can answer */
    public static Accept parse(String header) {
        if (header == null || header.isBlank()) {
            return JSON;
        }
        for (String range : header.split(",")) {
            String[] parts = range.trim().split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            String as = "", group = "", version = "";
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].trim().split("=", 2);
                if (kv.length == 2) {
                    switch (kv[0].trim()) {
                        case "as" -> as = kv[1].trim();
                        case "g" -> group = kv[1].trim();
                        case "v" -> version = kv[1].trim();
                        default -> {
                            // other parameters (charset, stream) do not change the answer
                        }
                    }
                }
            }
            if (!(type.equals("application/json") || type.equals("*/*") || type.equals("application/*"))) {
                continue; // protobuf, yaml, cbor: declined; a later range may take JSON
            }
            if (as.isEmpty()) {
                return JSON;
            }
            boolean metaV1 = group.equals("meta.k8s.io") && (version.equals("v1") || version.equals("v1beta1"));
            if (as.equals("Table") && metaV1) {
                return new Accept(As.TABLE);
            }
            if ((as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList")) && metaV1) {
                return new Accept(As.PARTIAL_OBJECT_METADATA);
            }
            // Another "as" (PartialObjectMetadata, older discovery versions): not offered, try the next range.
        }
        throw StatusException.notAcceptable(OFFERED);
    }
}
