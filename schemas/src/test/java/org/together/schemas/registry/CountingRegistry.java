package org.together.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** A real registry that counts the calls made to it, to prove what the serdes cache. */
public final class CountingRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public CountingRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    public int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void count(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public int register(String subject, Schema schema) {
        count("register");
        return delegate.register(subject, schema);
    }

    @Override
    public Schema getSchemaById(int id) {
        count("getSchemaById");
        return delegate.getSchemaById(id);
    }

    @Override
    public RegisteredSchema getLatestVersion(String subject) {
        count("getLatestVersion");
        return delegate.getLatestVersion(subject);
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        count("getVersion");
        return delegate.getVersion(subject, version);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        count("lookup");
        return delegate.lookup(subject, schema);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        count("testCompatibility");
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public String getCompatibility(String subjectOrNull) {
        count("getCompatibility");
        return delegate.getCompatibility(subjectOrNull);
    }

    @Override
    public void setCompatibility(String subjectOrNull, String level) {
        count("setCompatibility");
        delegate.setCompatibility(subjectOrNull, level);
    }

    @Override
    public List<String> getAllSubjects() {
        count("getAllSubjects");
        return delegate.getAllSubjects();
    }

    @Override
    public List<Integer> getAllVersions(String subject) {
        count("getAllVersions");
        return delegate.getAllVersions(subject);
    }
}
