package org.together.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

class EmbeddedStackTest {

    @Test
    void sharedStackHasEveryTopicAndEveryValueSubjectRegistered() throws Exception {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        assertThat(EmbeddedStack.sharedForTests()).isSameAs(stack);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .containsAll(Topics.all().stream().map(TopicSpec::name).toList())
                    .contains("_schemas");
        }
        HttpResponse<String> subjects = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(subjects.statusCode()).isEqualTo(200);
        for (TopicSpec<?> topic : Topics.all()) {
            if (topic.valueType() != byte[].class) {
                assertThat(subjects.body()).contains("\"" + topic.valueSubject() + "\"");
            }
        }
    }
}
