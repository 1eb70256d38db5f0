package dev.atrium.apiserver.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequestHeaderAuthenticatorTest {

    @Test
    void extraKeysArePercentDecodedLikeGoPathUnescape() {
        assertEquals("acme.com/project", RequestHeaderAuthenticator.percentDecode("acme.com%2fproject"));
        assertEquals("a+b", RequestHeaderAuthenticator.percentDecode("a+b"));
        assertEquals("ü", RequestHeaderAuthenticator.percentDecode("%c3%bc"));
        assertEquals("bad%zz", RequestHeaderAuthenticator.percentDecode("bad%zz"));
        assertEquals("cut%2", RequestHeaderAuthenticator.percentDecode("cut%2"));
    }
}
