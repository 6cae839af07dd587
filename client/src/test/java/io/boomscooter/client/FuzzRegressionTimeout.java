package io.boomscooter.client;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

import java.lang.reflect.Method;
import java.time.Duration;

/**
 * The per-input time limit when the seed inputs of a fuzz target run as ordinary tests (no {@code JAZZER_FUZZ}): an
 * input that takes longer fails its test instead of hanging the build. While fuzzing, libFuzzer's {@code -timeout}
 * does this (set in {@code junit-platform.properties}); a JUnit {@code @Timeout} cannot be used, it would time the
 * whole fuzzing run. docs/fuzzing.md.
 */
public final class FuzzRegressionTimeout implements InvocationInterceptor
{
    public static final Duration LIMIT = Duration.ofSeconds(10);

    public void interceptTestTemplateMethod(
        final Invocation<Void> invocation,
        final ReflectiveInvocationContext<Method> invocationContext,
        final ExtensionContext extensionContext) throws Throwable
    {
        final String fuzz = System.getenv("JAZZER_FUZZ");
        if (null != fuzz && !fuzz.isEmpty())
        {
            invocation.proceed();
            return;
        }
        Assertions.assertTimeoutPreemptively(LIMIT, () ->
        {
            invocation.proceed();
            return null;
        }, () -> extensionContext.getDisplayName() + ": a seed input took more than " + LIMIT.toSeconds() +
            " s (a hang)");
    }
}
