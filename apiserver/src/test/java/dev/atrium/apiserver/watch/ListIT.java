package dev.atrium.apiserver.watch;

import static dev.atrium.testing.RawApi.GROUP_VERSION;
import static dev.atrium.testing.RawApi.JSON;
import static dev.atrium.testing.RawApi.names;
import static dev.atrium.testing.RawApi.team;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import dev.atrium.testing.RawApi;
import dev.atrium.testing.RawApi.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** List semantics through kube-apiserver: paging, selectors, resourceVersion and resourceVersionMatch. */
@ExtendWith(ControlPlaneExtension.class)
class ListIT {
    private static final String TEAMS = GROUP_VERSION + "/teams";

    private final RawApi api;

    ListIT(ControlPlane cluster) {
        this.api = new RawApi(cluster.adminClient());
    }

    @Test
    void limitAndContinueReturnEachObjectExactlyOnce() {
        String suite = Names.unique("paging");
        List<String> created = IntStream.range(0, 7).mapToObj(i -> create(Names.unique("page"), suite, "a")).sorted().toList();

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            JsonObject page = list("labelSelector=" + encode("suite=" + suite) + "&limit=3"
                    + (token.isEmpty() ? "" : "&continue=" + encode(token)));
            assertEquals("TeamList", page.get("kind").getAsString());
            assertEquals("management.atrium.dev/v1", page.get("apiVersion").getAsString());
            List<String> items = names(page);
            assertTrue(items.size() <= 3, "limit 3 honoured: " + items);
            seen.addAll(items);
            token = page.getAsJsonObject("metadata").has("continue")
                    ? page.getAsJsonObject("metadata").get("continue").getAsString() : "";
            pages++;
        } while (!token.isEmpty() && pages < 10);

        assertEquals(3, pages);
        assertEquals(created, seen, "each object exactly once, in name order");
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no duplicates");
    }

    @Test
    void aBrokenContinueTokenIsABadRequest() {
        Reply reply = api.get(TEAMS + "?limit=1&continue=not-a-token");
        reply.status(400, "BadRequest");
        assertTrue(reply.message().contains("continue"), reply.body());
    }

    @Test
    void labelSelectorsSelect() {
        String suite = Names.unique("labels");
        String a1 = create(Names.unique("la"), suite, "a");
        String a2 = create(Names.unique("la"), suite, "a");
        String b = create(Names.unique("lb"), suite, "b");

        assertEquals(Set.of(a1, a2), Set.copyOf(names(list("labelSelector=" + encode("suite=" + suite + ",tier=a")))));
        assertEquals(List.of(b), names(list("labelSelector=" + encode("suite=" + suite + ",tier!=a"))));
        assertEquals(Set.of(a1, a2, b),
                Set.copyOf(names(list("labelSelector=" + encode("suite in (" + suite + "),tier in (a,b)")))));
        assertEquals(List.of(), names(list("labelSelector=" + encode("suite=" + suite + ",!tier"))));

        Reply invalid = api.get(TEAMS + "?labelSelector=" + encode("suite=a=b"));
        invalid.status(400, "BadRequest");
        assertTrue(invalid.message().contains("found '=', expected: ',' or 'end of string'"), invalid.body());
    }

    @Test
    void fieldSelectorOnMetadataNameSelectsOne() {
        String suite = Names.unique("fields");
        String one = create(Names.unique("fa"), suite, "a");
        create(Names.unique("fb"), suite, "a");

        assertEquals(List.of(one), names(list("fieldSelector=" + encode("metadata.name=" + one))));
        assertEquals(List.of(one), names(list("labelSelector=" + encode("suite=" + suite)
                + "&fieldSelector=" + encode("metadata.name=" + one))));
        assertEquals(List.of(), names(list("fieldSelector=" + encode("metadata.name=" + Names.unique("none")))));

        Reply unsupported = api.get(TEAMS + "?fieldSelector=" + encode("spec.displayName=x"));
        unsupported.status(400, "BadRequest");
        assertEquals("field label not supported: spec.displayName", unsupported.message());
    }

    @Test
    void resourceVersionSemantics() {
        String suite = Names.unique("rv");
        String first = create(Names.unique("rv"), suite, "a");
        String firstVersion = api.get(TEAMS + "/" + first).json().getAsJsonObject("metadata").get("resourceVersion").getAsString();
        String second = create(Names.unique("rv"), suite, "a");
        String selector = "labelSelector=" + encode("suite=" + suite);

        // 0: any version, possibly from kube-apiserver's watch cache; still a proper list.
        JsonObject any = list(selector + "&resourceVersion=0");
        assertEquals("TeamList", any.get("kind").getAsString());
        assertEquals("management.atrium.dev/v1", any.get("apiVersion").getAsString());
        assertFalse(any.getAsJsonObject("metadata").get("resourceVersion").getAsString().isEmpty());

        JsonObject notOlder = list(selector + "&resourceVersion=" + firstVersion + "&resourceVersionMatch=NotOlderThan");
        assertTrue(names(notOlder).contains(first), notOlder.toString());
        assertTrue(Long.parseLong(notOlder.getAsJsonObject("metadata").get("resourceVersion").getAsString())
                >= Long.parseLong(firstVersion));

        JsonObject exact = list(selector + "&resourceVersion=" + firstVersion + "&resourceVersionMatch=Exact");
        assertEquals(List.of(first), names(exact), "the state at the first object's version has no second: " + second);
        assertEquals(firstVersion, exact.getAsJsonObject("metadata").get("resourceVersion").getAsString());

        Reply matchWithoutVersion = api.get(TEAMS + "?resourceVersionMatch=NotOlderThan");
        JsonObject status = matchWithoutVersion.status(422, "Invalid");
        assertEquals("resourceVersionMatch",
                status.getAsJsonObject("details").getAsJsonArray("causes").get(0).getAsJsonObject().get("field").getAsString());
    }

    private String create(String name, String suite, String tier) {
        Reply created = api.post(TEAMS, JSON, team(name, "{\"suite\":\"%s\",\"tier\":\"%s\"}".formatted(suite, tier), "{}"));
        assertEquals(201, created.code(), created.body());
        return name;
    }

    private JsonObject list(String query) {
        Reply reply = api.get(TEAMS + "?" + query);
        assertEquals(200, reply.code(), reply.body());
        return reply.json();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
