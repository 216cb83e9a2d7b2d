package dev.estuary.adapter.mqtt.behaviour;

import dev.estuary.adapter.mqtt.testing.BehaviourClient.Protocol;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs a behaviour test once for MQTT 3.1.1 and once for MQTT 5; the test method takes a {@link Protocol}. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@EnumSource(Protocol.class)
@interface ForEachProtocol {
}
