package dev.vista.junit;

import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Starts and closes the tracers {@link TracePackets} asks for and hands tests their {@link PacketTrace}.
 * Registered by the annotation; tests do not name it.
 */
public final class PacketTracingExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PacketTracingExtension.class);
    private static final String CLASS_TRACE = "class-trace";
    private static final String TEST_TRACE = "test-trace";
    private static final String VIEW = "view";

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<TracePackets> settings = classSettings(context);
        if (settings.isPresent() && settings.get().scope() == TracePackets.Scope.CLASS) {
            store(context).put(CLASS_TRACE, ActiveTrace.start(settings.get(), context.getDisplayName()));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<TracePackets> own = context.getTestMethod()
                .flatMap(method -> AnnotationSupport.findAnnotation(method, TracePackets.class));
        Optional<TracePackets> settings = own.or(() -> classSettings(context));
        if (settings.isEmpty()) {
            return;
        }
        ActiveTrace trace;
        if (own.isEmpty() && settings.get().scope() == TracePackets.Scope.CLASS) {
            trace = classTrace(context);
        } else {
            trace = ActiveTrace.start(settings.get(), context.getDisplayName());
            store(context).put(TEST_TRACE, trace);
        }
        store(context).put(VIEW, trace.newView());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ActiveTrace trace = store(context).remove(TEST_TRACE, ActiveTrace.class);
        if (trace != null) {
            trace.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ActiveTrace trace = store(context).remove(CLASS_TRACE, ActiveTrace.class);
        if (trace != null) {
            trace.close();
        }
    }

    /** Adds the packets traced so far to a failing test's exception (a test that was aborted gets nothing). */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        PacketTrace view = store(context).get(VIEW, PacketTrace.class);
        if (view != null && !(thrown instanceof TestAbortedException)) {
            thrown.addSuppressed(new TracedPacketsReport(view));
        }
        throw thrown;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PacketTrace.class
                && parameter.getDeclaringExecutable() instanceof Method;
    }

    @Override
    public PacketTrace resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PacketTrace view = store(context).get(VIEW, PacketTrace.class);
        if (view == null) {
            throw new ParameterResolutionException("no packets are traced for " + context.getDisplayName()
                    + ": annotate the test method or its class with @TracePackets to get a PacketTrace"
                    + " (it is available to test methods and @BeforeEach/@AfterEach methods, not to @BeforeAll)");
        }
        return view;
    }

    private static Optional<TracePackets> classSettings(ExtensionContext context) {
        return context.getTestClass().flatMap(type -> AnnotationSupport.findAnnotation(type, TracePackets.class,
                context.getEnclosingTestClasses()));
    }

    /** The class tracer: the store looks in the enclosing contexts too. */
    private static ActiveTrace classTrace(ExtensionContext context) {
        ActiveTrace trace = store(context).get(CLASS_TRACE, ActiveTrace.class);
        if (trace == null) {
            throw new IllegalStateException("no class-wide tracer for " + context.getDisplayName());
        }
        return trace;
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(NAMESPACE);
    }
}
