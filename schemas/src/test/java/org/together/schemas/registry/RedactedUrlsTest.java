package org.together.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactedUrlsTest {

    @Test
    void thePasswordInAUrlIsReplacedAndTheUserKept() {
        assertThat(RedactedUrls.of("https://admin:SECRETPW123@registry.example.org:8081"))
                .isEqualTo("https://admin:***@registry.example.org:8081");
        assertThat(RedactedUrls.of("http://admin:p%40ss:word@127.0.0.1:8081/subjects"))
                .as("an encoded '@' and a ':' in the password").isEqualTo("http://admin:***@127.0.0.1:8081/subjects");
    }

    @Test
    void userInfoWithoutAPasswordIsATokenAndHiddenWhole() {
        assertThat(RedactedUrls.of("https://tok3n@host:8081")).isEqualTo("https://***@host:8081");
    }

    @Test
    void everyUrlOfAListOrAMessageIsRedactedAndTheRestLeftAsItIs() {
        assertThat(RedactedUrls.of("http://a:one@r1:8081,http://r2:8081,http://b:two@r3:8081"))
                .isEqualTo("http://a:***@r1:8081,http://r2:8081,http://b:***@r3:8081");
        assertThat(RedactedUrls.of("ingest-service listening on 0.0.0.0:8080 (Kafka kafka:9092, registry http://u:pw@reg:8081)"))
                .isEqualTo("ingest-service listening on 0.0.0.0:8080 (Kafka kafka:9092, registry http://u:***@reg:8081)");
        assertThat(RedactedUrls.of("http://127.0.0.1:8081")).isEqualTo("http://127.0.0.1:8081");
        assertThat(RedactedUrls.of("kafka:9092")).isEqualTo("kafka:9092");
        assertThat(RedactedUrls.of("mailto:someone@example.org")).as("not a URL with an authority").isEqualTo("mailto:someone@example.org");
    }
}
