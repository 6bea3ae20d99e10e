package dev.vista;

import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterEventView;
import dev.vista.event.SkbEventView;
import dev.vista.event.SockEvent;
import dev.vista.event.SockEventView;
import dev.vista.event.SocketEvent;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TcpConnectionView;
import dev.vista.event.TraceEvent;
import java.util.function.Consumer;

/** Where a tracer delivers each kind of event; a null sink (or queue) means that kind is not wanted. */
record EventSinks(Consumer<? super TraceEvent> events, Consumer<? super SkbEventView> views,
        EventQueue<TraceEvent> queue, Consumer<? super TcpConnectionEvent> tcpConnections,
        Consumer<? super TcpConnectionView> tcpConnectionViews, Consumer<? super SocketEvent> sockets,
        Consumer<? super SockEvent> sockEvents, Consumer<? super SockEventView> sockEventViews,
        Consumer<? super NetfilterEvent> netfilter, Consumer<? super NetfilterEventView> netfilterViews,
        Consumer<? super LossEvent> losses) {
}
