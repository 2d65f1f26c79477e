package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The SCRAM-SHA-256 exchange checked against the example of RFC 7677, section 3. */
final class ScramSha256Test {
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    private static final String CLIENT_FINAL = "c=biws,r=" + NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";

    @Test
    void acceptsTheRfcExampleAndAnswersWithItsServerSignature() {
        ScramSha256.Verifier verifier = ScramSha256.verifier("pencil", SALT, 4096);
        ScramSha256.ClientFirst first = ScramSha256.parseClientFirst(CLIENT_FIRST);
        assertThat(first).isNotNull();
        assertThat(first.nonce()).isEqualTo("rOprNGfwEbeRWgbNEkqO");
        String serverFirst = ScramSha256.serverFirst(NONCE, verifier);
        assertThat(serverFirst).isEqualTo("r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(ScramSha256.verifyClientFinal(CLIENT_FINAL, first, serverFirst, NONCE, verifier))
                .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void rejectsAWrongPasswordATamperedNonceAndChannelBinding() {
        ScramSha256.ClientFirst first = ScramSha256.parseClientFirst(CLIENT_FIRST);
        ScramSha256.Verifier wrong = ScramSha256.verifier("pencils", SALT, 4096);
        assertThat(ScramSha256.verifyClientFinal(CLIENT_FINAL, first, ScramSha256.serverFirst(NONCE, wrong), NONCE, wrong)).isNull();
        ScramSha256.Verifier right = ScramSha256.verifier("pencil", SALT, 4096);
        String otherNonce = NONCE + "x";
        assertThat(ScramSha256.verifyClientFinal(CLIENT_FINAL, first, ScramSha256.serverFirst(otherNonce, right), otherNonce, right)).isNull();
        String bound = CLIENT_FINAL.replace("c=biws", "c=eSws");
        assertThat(ScramSha256.verifyClientFinal(bound, first, ScramSha256.serverFirst(NONCE, right), NONCE, right)).isNull();
        assertThat(ScramSha256.parseClientFirst("p=tls-server-end-point,,n=user,r=abc")).isNull();
        assertThat(ScramSha256.parseClientFirst("n,,m=ext,n=user,r=abc")).isNull();
        assertThat(ScramSha256.parseClientFirst("garbage")).isNull();
        // "y" means the client could bind but believes the server cannot: accepted, and bound into c=.
        assertThat(ScramSha256.parseClientFirst("y,,n=,r=abc").gs2Header()).isEqualTo("y,,");
    }

    @Test
    void saslPrepMapsSpacesAndNormalizes() {
        assertThat(ScramSha256.prepare("plain ascii")).isEqualTo("plain ascii");
        assertThat(ScramSha256.prepare("a\u00A0b")).isEqualTo("a b");
        assertThat(ScramSha256.prepare("a\u00ADb")).isEqualTo("ab");
        assertThat(ScramSha256.prepare("\u2168")).isEqualTo("IX");
        assertThat(ScramSha256.prepare("ctrl\u0007")).isEqualTo("ctrl\u0007"); // prohibited: used as it is
    }
}
