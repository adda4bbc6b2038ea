package org.together.schemas.serde;

import java.util.Map;
import org.together.schemas.registry.SchemaRegistryClient;

/**
 * The schema registry client a serializer or deserializer works with: given to its constructor, or made from the
 * Kafka config ({@code schema.registry.url}) when it is configured; a serde gives its two halves one client.
 */
abstract class RegistryConnection implements AutoCloseable {

    private SchemaRegistryClient registry;

    RegistryConnection(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    /** The client from the config, unless one was given. */
    void connect(Map<String, ?> configs) {
        if (registry == null) {
            registry = AvroSerdeConfig.client(configs);
        }
    }

    /** @throws IllegalStateException neither given nor configured */
    SchemaRegistryClient registry() {
        if (registry == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " not configured: pass a SchemaRegistryClient or configure "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        return registry;
    }

    boolean hasRegistry() {
        return registry != null;
    }

    void useRegistry(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void close() {
        // The registry client holds no resources of its own; nothing to release.
    }
}
