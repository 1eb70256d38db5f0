package dev.atrium.apiserver.watch;

import static dev.atrium.apiserver.watch.ListIT.encode;
import static dev.atrium.testing.RawApi.GROUP_VERSION;
import static dev.atrium.testing.RawApi.JSON;
import static dev.atrium.testing.RawApi.TABLE;
import static dev.atrium.testing.RawApi.team;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Eventually;
import dev.atrium.testing.Names;
import dev.atrium.testing.RawApi;
import dev.atrium.testing.RawApi.Reply;
import dev.atrium.testing.RawApi.Stream;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1RoleRef;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Watch semantics through kube-apiserver, read off the wire as newline-delimited WatchEvents. */
@ExtendWith(ControlPlaneExtension.class)
class WatchIT {
    private static final String TEAMS = GROUP_VERSION + "/teams";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final ControlPlane cluster;
    private final RawApi api;

    WatchIT(ControlPlane cluster) {
        this.cluster = cluster;
        this.api = new RawApi(cluster.adminClient());
    }

    @Test
    void addedModifiedDeletedInOrderAsManagementObjects() throws IOException {
        String suite = Names.unique("events");
        String name = Names.unique("watched");
        String version = listVersion(suite);

        try (Stream watch = api.open(TEAMS + "?watch=true&timeoutSeconds=30&resourceVersion=" + version
                + "&labelSelector=" + encode("suite=" + suite), JSON, READ_TIMEOUT)) {
            assertEquals(200, watch.code());
            assertTrue(watch.contentType().startsWith("application/json"), watch.contentType());
            create(name, suite);
            Reply patched = api.patch(TEAMS + "/" + name, "application/merge-patch+json",
                    "{\"spec\":{\"displayName\":\"changed\"}}");
            assertEquals(200, patched.code(), patched.body());
            assertEquals(200, api.delete(TEAMS + "/" + name).code());

            List<String> types = new ArrayList<>();
            long lastVersion = Long.parseLong(version);
            while (types.size() < 3) {
                JsonObject event = watch.next();
                assertNotNull(event, "the watch ended after " + types);
                JsonObject object = event.getAsJsonObject("object");
                assertEquals("management.atrium.dev/v1", object.get("apiVersion").getAsString(), event.toString());
                assertEquals("Team", object.get("kind").getAsString());
                assertEquals(name, object.getAsJsonObject("metadata").get("name").getAsString());
                long eventVersion = Long.parseLong(object.getAsJsonObject("metadata").get("resourceVersion").getAsString());
                assertTrue(eventVersion > lastVersion, "resourceVersions increase: " + event);
                lastVersion = eventVersion;
                types.add(event.get("type").getAsString());
                if (types.size() == 2) {
                    assertEquals("changed", object.getAsJsonObject("spec").get("displayName").getAsString());
                }
            }
            assertEquals(List.of("ADDED", "MODIFIED", "DELETED"), types);
        }
    }

    @Test
    void timeoutSecondsEndsTheStream() throws IOException {
        long start = System.nanoTime();
        try (Stream watch = api.open(TEAMS + "?watch=true&timeoutSeconds=2&resourceVersion=" + listVersion("none")
                + "&labelSelector=" + encode("suite=" + Names.unique("quiet")), JSON, READ_TIMEOUT)) {
            assertEquals(200, watch.code());
            assertNull(watch.next(), "no events, then the end");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofMillis(1500)) >= 0 && took.compareTo(Duration.ofSeconds(10)) < 0,
                "ended after " + took);
    }

    /**
     * kube-apiserver's watch cache sends a watcher that allows bookmarks one about every minute
     * and one 2 s before its timeoutSeconds end, but only when it knows of a resourceVersion newer
     * than the last event the watcher got: here a write the label selector filters out. That
     * shows bookmarks within a 6 s watch, without waiting a minute.
     */
    @Test
    void allowWatchBookmarksYieldsBookmarks() throws IOException {
        String suite = Names.unique("bookmarks");
        String version = listVersion(suite);
        try (Stream watch = api.open(TEAMS + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=6&resourceVersion="
                + version + "&labelSelector=" + encode("suite=" + suite), JSON, READ_TIMEOUT)) {
            assertEquals(200, watch.code());
            String watched = create(Names.unique("marked"), suite);
            JsonObject added = watch.next();
            assertNotNull(added);
            assertEquals("ADDED", added.get("type").getAsString(), added.toString());
            assertEquals(watched, added.getAsJsonObject("object").getAsJsonObject("metadata").get("name").getAsString());
            Reply unwatched = api.post(TEAMS, JSON, team(Names.unique("unmarked"), "{\"suite\":\"other\"}", "{}"));
            assertEquals(201, unwatched.code(), unwatched.body());
            long unwatchedVersion = Long.parseLong(
                    unwatched.json().getAsJsonObject("metadata").get("resourceVersion").getAsString());

            List<JsonObject> bookmarks = new ArrayList<>();
            for (JsonObject event; (event = watch.next()) != null; ) {
                assertEquals("BOOKMARK", event.get("type").getAsString(), "only bookmarks now: " + event);
                bookmarks.add(event);
            }
            assertTrue(!bookmarks.isEmpty(), "no BOOKMARK within timeoutSeconds=6");
            JsonObject object = bookmarks.get(0).getAsJsonObject("object");
            assertEquals("management.atrium.dev/v1", object.get("apiVersion").getAsString(), object.toString());
            assertEquals("Team", object.get("kind").getAsString());
            assertTrue(Long.parseLong(object.getAsJsonObject("metadata").get("resourceVersion").getAsString())
                    >= unwatchedVersion, "the bookmark moves the watcher past the filtered-out write: " + object);
        }
    }

    @Test
    void aTooOldResourceVersionIsExpired() throws IOException {
        // The storage CRDs came long after revision 1, so kube-apiserver's watch cache no longer has it.
        try (Stream watch = api.open(TEAMS + "?watch=true&timeoutSeconds=10&resourceVersion=1", JSON, READ_TIMEOUT)) {
            assertEquals(200, watch.code(), "kube-apiserver answers 200 and sends the 410 as an ERROR event");
            JsonObject event = watch.next();
            assertNotNull(event);
            assertEquals("ERROR", event.get("type").getAsString(), event.toString());
            JsonObject status = event.getAsJsonObject("object");
            assertEquals("Status", status.get("kind").getAsString());
            assertEquals("v1", status.get("apiVersion").getAsString());
            assertEquals("Failure", status.get("status").getAsString());
            assertEquals("Expired", status.get("reason").getAsString());
            assertEquals(410, status.get("code").getAsInt());
            assertTrue(status.get("message").getAsString().startsWith("too old resource version: 1 ("), status.toString());
            assertNull(watch.next(), "the watch ends after the error");
        }
    }

    @Test
    void watchListEndsInitialEventsWithAnAnnotatedBookmark() throws IOException {
        String suite = Names.unique("watchlist");
        Set<String> created = Set.of(create(Names.unique("wl"), suite), create(Names.unique("wl"), suite),
                create(Names.unique("wl"), suite));

        try (Stream watch = api.open(TEAMS + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                + "&allowWatchBookmarks=true&timeoutSeconds=30&labelSelector=" + encode("suite=" + suite), JSON,
                READ_TIMEOUT)) {
            assertEquals(200, watch.code());
            Set<String> added = new HashSet<>();
            JsonObject event;
            while ((event = watch.next()) != null && !"BOOKMARK".equals(event.get("type").getAsString())) {
                assertEquals("ADDED", event.get("type").getAsString(), event.toString());
                JsonObject object = event.getAsJsonObject("object");
                assertEquals("management.atrium.dev/v1", object.get("apiVersion").getAsString());
                added.add(object.getAsJsonObject("metadata").get("name").getAsString());
            }
            assertNotNull(event, "the watch ended before the initial-events-end bookmark");
            assertEquals(created, added, "every existing object as an initial ADDED event, before the bookmark");
            JsonObject bookmark = event.getAsJsonObject("object");
            assertEquals("management.atrium.dev/v1", bookmark.get("apiVersion").getAsString(), bookmark.toString());
            assertEquals("Team", bookmark.get("kind").getAsString());
            assertEquals("true", bookmark.getAsJsonObject("metadata").getAsJsonObject("annotations")
                    .get("k8s.io/initial-events-end").getAsString(), bookmark.toString());
        }
    }

    @Test
    void aTableWatchSendsTableRowsAsKubectlGetWatchAsks() throws IOException {
        String suite = Names.unique("table");
        String name = create(Names.unique("tabled"), suite);

        try (Stream watch = api.open(TEAMS + "?watch=true&timeoutSeconds=30&labelSelector=" + encode("suite=" + suite),
                TABLE, READ_TIMEOUT)) {
            assertEquals(200, watch.code());
            assertTrue(watch.contentType().startsWith("application/json;as=Table;v=v1;g=meta.k8s.io"), watch.contentType());
            JsonObject first = watch.next();
            assertNotNull(first);
            assertEquals("ADDED", first.get("type").getAsString(), first.toString());
            JsonObject table = first.getAsJsonObject("object");
            assertEquals("Table", table.get("kind").getAsString(), table.toString());
            assertEquals("meta.k8s.io/v1", table.get("apiVersion").getAsString());
            assertTrue(table.getAsJsonArray("columnDefinitions").size() > 0, "the first event defines the columns");
            assertEquals("Name", table.getAsJsonArray("columnDefinitions").get(0).getAsJsonObject().get("name").getAsString());
            JsonObject row = table.getAsJsonArray("rows").get(0).getAsJsonObject();
            assertEquals(name, row.getAsJsonArray("cells").get(0).getAsString());

            assertEquals(200, api.patch(TEAMS + "/" + name, "application/merge-patch+json",
                    "{\"spec\":{\"displayName\":\"Shown\"}}").code());
            JsonObject modified = watch.next();
            assertNotNull(modified);
            assertEquals("MODIFIED", modified.get("type").getAsString(), modified.toString());
            JsonObject later = modified.getAsJsonObject("object");
            assertEquals("Table", later.get("kind").getAsString());
            assertTrue(!later.has("columnDefinitions") || later.get("columnDefinitions").isJsonNull()
                    || later.getAsJsonArray("columnDefinitions").isEmpty(), "later rows come without columns: " + later);
            assertEquals("Shown", later.getAsJsonArray("rows").get(0).getAsJsonObject().getAsJsonArray("cells").get(1)
                    .getAsString());
        }
    }

    /**
     * The deprecated {@code /watch/<plural>/<name>} path watches that one object, and is authorized
     * as such: RBAC with resourceNames may allow it where a watch of the collection is forbidden.
     */
    @Test
    void aWatchOfOneNamedObjectSeesOnlyThatObject() throws Exception {
        String suite = Names.unique("named");
        String mine = create(Names.unique("mine"), suite);
        String other = create(Names.unique("other"), suite);

        assertOnlyEventsOf(api, mine, other);

        String user = Names.unique("watcher");
        String role = Names.unique("watch-one");
        RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(cluster.adminClient());
        rbac.createClusterRole(new V1ClusterRole().metadata(new V1ObjectMeta().name(role)).rules(List.of(
                new V1PolicyRule().apiGroups(List.of("management.atrium.dev")).resources(List.of("teams"))
                        .verbs(List.of("get", "watch")).resourceNames(List.of(mine))))).execute();
        rbac.createClusterRoleBinding(new V1ClusterRoleBinding().metadata(new V1ObjectMeta().name(role))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name(role))
                .subjects(List.of(new RbacV1Subject().kind("User").apiGroup("rbac.authorization.k8s.io").name(user))))
                .execute();
        try {
            RawApi asUser = new RawApi(cluster.clientFor(user));
            Eventually.eventually(Duration.ofSeconds(20), user + " may get " + mine,
                    () -> asUser.get(TEAMS + "/" + mine).code() == 200);
            asUser.get(GROUP_VERSION + "/watch/teams?timeoutSeconds=1").status(403, "Forbidden");
            assertOnlyEventsOf(asUser, mine, other);
        } finally {
            rbac.deleteClusterRoleBinding(role).execute();
            rbac.deleteClusterRole(role).execute();
        }

        Reply mismatch = api.get(GROUP_VERSION + "/watch/teams/" + mine + "?timeoutSeconds=1&fieldSelector="
                + encode("metadata.name=" + other));
        mismatch.status(400, "BadRequest");
        assertEquals("fieldSelector metadata.name doesn't match requested name", mismatch.message());
    }

    private void assertOnlyEventsOf(RawApi client, String mine, String other) throws IOException {
        try (Stream watch = client.open(GROUP_VERSION + "/watch/teams/" + mine + "?timeoutSeconds=3", JSON, READ_TIMEOUT)) {
            assertEquals(200, watch.code(), watch.code() == 200 ? "" : watch.rest());
            for (String name : List.of(other, mine)) {
                Reply patched = api.patch(TEAMS + "/" + name, "application/merge-patch+json",
                        "{\"spec\":{\"description\":\"" + Names.unique("d") + "\"}}");
                assertEquals(200, patched.code(), patched.body());
            }
            List<String> types = new ArrayList<>();
            for (JsonObject event; (event = watch.next()) != null; ) {
                assertEquals(mine, event.getAsJsonObject("object").getAsJsonObject("metadata").get("name").getAsString(),
                        "an event of another object: " + event);
                types.add(event.get("type").getAsString());
            }
            assertEquals(List.of("ADDED", "MODIFIED"), types);
        }
    }

    private String create(String name, String suite) {
        Reply created = api.post(TEAMS, JSON, team(name, "{\"suite\":\"" + suite + "\"}", "{}"));
        assertEquals(201, created.code(), created.body());
        return name;
    }

    private String listVersion(String suite) {
        Reply list = api.get(TEAMS + "?labelSelector=" + encode("suite=" + suite));
        assertEquals(200, list.code(), list.body());
        return list.json().getAsJsonObject("metadata").get("resourceVersion").getAsString();
    }
}
