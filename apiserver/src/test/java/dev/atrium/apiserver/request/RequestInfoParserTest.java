package dev.atrium.apiserver.request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cases of k8s.io/apiserver's requestinfo_test.go, plus our own group's paths. */
class RequestInfoParserTest {

    private static RequestInfo parse(String method, String url) {
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        String query = question < 0 ? null : url.substring(question + 1);
        return RequestInfoParser.parse(method, path, QueryParameters.parse(query));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET    | /api/v1/namespaces                             | list    | ''         | v1      | ''    | namespaces | ''     | ''    | namespaces
            GET    | /api/v1/namespaces/other                       | get     | ''         | v1      | other | namespaces | ''     | other | namespaces,other
            GET    | /api/v1/namespaces/other/pods                  | list    | ''         | v1      | other | pods       | ''     | ''    | pods
            GET    | /api/v1/namespaces/other/pods/foo              | get     | ''         | v1      | other | pods       | ''     | foo   | pods,foo
            HEAD   | /api/v1/namespaces/other/pods/foo              | get     | ''         | v1      | other | pods       | ''     | foo   | pods,foo
            GET    | /api/v1/pods                                   | list    | ''         | v1      | ''    | pods       | ''     | ''    | pods
            HEAD   | /api/v1/pods                                   | list    | ''         | v1      | ''    | pods       | ''     | ''    | pods
            PATCH  | /api/v1/namespaces/new-namespace               | patch   | ''         | v1      | new-namespace | namespaces | '' | new-namespace | namespaces,new-namespace
            GET    | /api/v1/proxy/namespaces/other/pods/foo        | proxy   | ''         | v1      | other | pods       | ''     | foo   | pods,foo
            GET    | /api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource | proxy | '' | v1 | other | pods | '' | foo | pods,foo,subpath,not,a,subresource
            GET    | /api/v1/watch/pods                             | watch   | ''         | v1      | ''    | pods       | ''     | ''    | pods
            GET    | /api/v1/pods?watch=true                        | watch   | ''         | v1      | ''    | pods       | ''     | ''    | pods
            GET    | /api/v1/pods?watch=false                       | list    | ''         | v1      | ''    | pods       | ''     | ''    | pods
            GET    | /api/v1/watch/namespaces/other/pods            | watch   | ''         | v1      | other | pods       | ''     | ''    | pods
            GET    | /api/v1/namespaces/other/pods?watch=1          | watch   | ''         | v1      | other | pods       | ''     | ''    | pods
            GET    | /api/v1/namespaces/other/pods?watch=0          | list    | ''         | v1      | other | pods       | ''     | ''    | pods
            GET    | /api/v1/namespaces/other/pods/foo/status       | get     | ''         | v1      | other | pods       | status | foo   | pods,foo,status
            GET    | /api/v1/namespaces/other/pods/foo/proxy/subpath | get    | ''         | v1      | other | pods       | proxy  | foo   | pods,foo,proxy,subpath
            PUT    | /api/v1/namespaces/other/finalize              | update  | ''         | v1      | other | namespaces | finalize | other | namespaces,other,finalize
            PUT    | /api/v1/namespaces/other/status                | update  | ''         | v1      | other | namespaces | status | other | namespaces,other,status
            PATCH  | /api/v1/namespaces/other/pods/foo              | patch   | ''         | v1      | other | pods       | ''     | foo   | pods,foo
            DELETE | /api/v1/namespaces/other/pods/foo              | delete  | ''         | v1      | other | pods       | ''     | foo   | pods,foo
            POST   | /api/v1/namespaces/other/pods                  | create  | ''         | v1      | other | pods       | ''     | ''    | pods
            DELETE | /api/v1/nodes                                  | deletecollection | '' | v1      | ''    | nodes      | ''     | ''    | nodes
            DELETE | /api/v1/namespaces                             | deletecollection | '' | v1      | ''    | namespaces | ''     | ''    | namespaces
            DELETE | /api/v1/namespaces/other/pods                  | deletecollection | '' | v1      | other | pods       | ''     | ''    | pods
            DELETE | /apis/extensions/v1/namespaces/other/pods      | deletecollection | extensions | v1 | other | pods | '' | '' | pods
            POST   | /apis/extensions/v1/namespaces/other/pods      | create  | extensions | v1      | other | pods       | ''     | ''    | pods
            POST   | /apis/extensions/v1beta3/namespaces/other/pods | create  | extensions | v1beta3 | other | pods       | ''     | ''    | pods
            GET    | /apis/management.atrium.dev/v1/projects        | list    | management.atrium.dev | v1 | '' | projects | '' | '' | projects
            PUT    | /apis/management.atrium.dev/v1/projects/p1/status | update | management.atrium.dev | v1 | '' | projects | status | p1 | projects,p1,status
            GET    | /apis/management.atrium.dev/v1/namespaces/p-p1/spaceinstances?watch=1&resourceVersion=5 | watch | management.atrium.dev | v1 | p-p1 | spaceinstances | '' | '' | spaceinstances
            DELETE | /apis/management.atrium.dev/v1/namespaces/p-p1/virtualclusterinstances | deletecollection | management.atrium.dev | v1 | p-p1 | virtualclusterinstances | '' | '' | virtualclusterinstances
            """)
    void resourceRequests(String method, String url, String verb, String group, String version, String namespace,
                          String resource, String subresource, String name, String parts) {
        RequestInfo info = parse(method, url);
        assertTrue(info.resourceRequest(), url);
        assertEquals(verb, info.verb(), "verb of " + url);
        assertEquals(group, info.apiGroup(), "group of " + url);
        assertEquals(version, info.apiVersion(), "version of " + url);
        assertEquals(namespace, info.namespace(), "namespace of " + url);
        assertEquals(resource, info.resource(), "resource of " + url);
        assertEquals(subresource, info.subresource(), "subresource of " + url);
        assertEquals(name, info.name(), "name of " + url);
        assertEquals(Arrays.asList(parts.split(",")), info.parts(), "parts of " + url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/version/", "/apis/group/version/", "/badprefix/version/resource",
            "/apis/version/resource", "/not-api/version/resource", "/apis/extensions/v1beta1",
            "/apis/extensions/v1beta1/", "/api/version", "/api", "", "/apis", "/apis/management.atrium.dev",
            "/apis/management.atrium.dev/v1", "/openapi/v2", "/openapi/v3/apis/management.atrium.dev/v1",
            "/healthz", "/readyz", "/metrics"})
    void nonResourceRequests(String path) {
        RequestInfo info = RequestInfoParser.parse("GET", path, QueryParameters.EMPTY);
        assertFalse(info.resourceRequest(), path);
        assertEquals("get", info.verb());
        assertEquals(path, info.path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/version/resource", "/apis/group/version/resource/name/subresource",
            "/api/version/resource/name/subresource", "/apis/batch/v1/job", "/apis/batch/v1/job/foo",
            "/apis/batch/v1/job/foo/scale"})
    void resourcePathsOfEveryDepth(String path) {
        assertTrue(RequestInfoParser.parse("GET", path, QueryParameters.EMPTY).resourceRequest(), path);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /apis/group/version/resource                                                   | ''    | list  | ''                      | ''
            GET    | /apis/group/version/resource?fieldSelector=metadata.name=name1                 | name1 | list  | metadata.name=name1     | ''
            GET    | /apis/group/version/resource?fieldSelector=metadata.name%3D%3Dname1            | name1 | list  | metadata.name==name1    | ''
            GET    | /apis/group/version/resource?watch=true&fieldSelector=metadata.name=name1      | name1 | watch | metadata.name=name1     | ''
            GET    | /apis/group/version/resource?fieldSelector=foo=bar&labelSelector=baz=qux       | ''    | list  | foo=bar                 | baz=qux
            GET    | /apis/group/version/resource?fieldSelector=metadata.name!=name1                | ''    | list  | metadata.name!=name1    | ''
            GET    | /apis/group/version/resource?fieldSelector=metadata.name=name1,foo             | ''    | list  | metadata.name=name1,foo | ''
            GET    | /apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=true  | ''    | watch | metadata.name=name1,foo | ''
            GET    | /apis/group/version/resource?fieldSelector=metadata.name=name1,foo&watch=false | ''    | list  | metadata.name=name1,foo | ''
            GET    | /apis/group/version/resource?fieldSelector=status.phase=x,metadata.name=n2     | n2    | list  | status.phase=x,metadata.name=n2 | ''
            GET    | /apis/group/version/resource?fieldSelector=metadata.name=..                    | ''    | list  | metadata.name=..        | ''
            DELETE | /apis/group/version/resource?fieldSelector=foo=bar&labelSelector=baz=qux       | ''    | deletecollection | foo=bar | baz=qux
            GET    | /apis/group/version/resource?fieldSelector=metadata.name=foo&fieldSelector=metadata.name=bar&labelSelector=foo=bar&labelSelector=foo=baz | foo | list | metadata.name=foo | foo=bar
            GET    | /apis/group/version/resource/name?fieldSelector=foo=bar&labelSelector=foo=bar  | name  | get   | ''                      | ''
            GET    | /apis/group/version/watch/resource?fieldSelector=metadata.name=foo&labelSelector=foo=bar | '' | watch | '' | ''
            GET    | /apis/group/version/watch/resource/name?fieldSelector=metadata.name=foo&labelSelector=foo=bar | name | watch | '' | ''
            """)
    void selectors(String method, String url, String name, String verb, String fieldSelector, String labelSelector) {
        RequestInfo info = parse(method, url);
        assertEquals(name, info.name(), url);
        assertEquals(verb, info.verb(), url);
        assertEquals(fieldSelector, info.fieldSelector(), url);
        assertEquals(labelSelector, info.labelSelector(), url);
    }

    @Test
    void emptyWatchValueMeansWatchAsForEveryBoolParameter() {
        assertEquals("watch", parse("GET", "/apis/g/v1/things?watch").verb());
        assertEquals("watch", parse("GET", "/apis/g/v1/things?watch=TRUE").verb());
        assertEquals("list", parse("GET", "/apis/g/v1/things?watch=False").verb());
    }

    @Test
    void watchDoesNotMakeAGetOfOneObjectAWatch() {
        RequestInfo info = parse("GET", "/apis/g/v1/things/a?watch=true");
        assertEquals("get", info.verb());
        assertEquals("a", info.name());
    }

    @Test
    void queryParametersAreDecodedAndKeepEveryValue() {
        QueryParameters query = QueryParameters.parse("labelSelector=a%3Db%2Cc+in+(d)&x=1&x=2&flag");
        assertEquals("a=b,c in (d)", query.first("labelSelector"));
        assertEquals(List.of("1", "2"), query.values().get("x"));
        assertEquals("", query.first("flag"));
        assertTrue(query.has("flag"));
        assertEquals(null, query.first("missing"));
    }
}
