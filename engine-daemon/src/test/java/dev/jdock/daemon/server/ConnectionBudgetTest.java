package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {
    private final ConnectionBudget budget = new ConnectionBudget(4, 1000);
    private final List<AtomicBoolean> closed = new ArrayList<>();

    private ConnectionBudget.Account open() {
        AtomicBoolean c = new AtomicBoolean();
        closed.add(c);
        ConnectionBudget.Account a = budget.open(() -> c.set(true));
        return a;
    }

    @Test
    void heldBytesOverTheBound_closeTheConnectionHoldingLongest() {
        ConnectionBudget.Account first = open();
        ConnectionBudget.Account second = open();
        first.received(400);
        second.received(400);
        second.received(100);
        assertEquals(900, budget.held());
        ConnectionBudget.Account third = open();
        third.received(300);
        assertTrue(closed.get(0).get(), "the first to hold bytes is closed");
        assertFalse(closed.get(1).get());
        assertFalse(closed.get(2).get());
        assertEquals(800, budget.held());
        first.received(500); // a closed connection's late bytes count for nothing
        assertEquals(800, budget.held());
        first.closed();
        assertEquals(2, budget.connections(), "the closed one no longer counts");
    }

    @Test
    void aRunningHandlersConnection_holdsNothing_andIsNeverClosed() {
        ConnectionBudget.Account busy = open();
        busy.received(900);
        busy.busy();
        assertEquals(0, budget.held(), "the handler has what the head held");
        busy.received(5000);
        assertEquals(0, budget.held(), "a running handler's body is bounded by the handler, not here");
        for (int i = 0; i < 6; i++) {
            open();
        }
        assertFalse(closed.get(0).get(), "busy connections are not counted out");
        assertEquals(4, budget.connections());
        busy.idle();
        busy.received(10);
        assertEquals(10, budget.held(), "the next request's head is held again");
    }

    @Test
    void tooManyConnections_closeTheOldestWithoutARunningHandler() {
        ConnectionBudget.Account a = open();
        a.busy();
        open();
        open();
        open();
        assertEquals(4, budget.connections());
        open();
        assertFalse(closed.get(0).get(), "busy");
        assertTrue(closed.get(1).get(), "the oldest idle one");
        assertFalse(closed.get(4).get(), "the newcomer stays");
        assertEquals(4, budget.connections());
        assertEquals(1, budget.evictions());
    }

    /**
     * The event loops register connections each at its own pace: the oldest is the first accepted, whatever the
     * order of registration. A client accepted last, registered before 16 older idle ones, was closed under load
     * (ConnectionLimitsTest).
     */
    @Test
    void tooManyConnections_theOldestInAcceptOrder_notInRegistrationOrder() {
        long[] order = new long[8];
        for (int i = 0; i < order.length; i++) {
            order[i] = budget.nextAccepted();
        }
        List<AtomicBoolean> byOrder = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            byOrder.add(new AtomicBoolean());
        }
        budget.open(order[7], () -> byOrder.get(7).set(true)); // the newest, registered first
        for (int i = 0; i < 7; i++) {
            AtomicBoolean c = byOrder.get(i);
            budget.open(order[i], () -> c.set(true));
        }
        assertEquals(4, budget.connections());
        assertFalse(byOrder.get(7).get(), "the newest connection stays");
        assertEquals(List.of(true, true, true, true, false, false, false, false),
                byOrder.stream().map(AtomicBoolean::get).toList());
    }

    @Test
    void droppedBytes_areNoLongerHeld() {
        ConnectionBudget.Account a = open();
        a.received(600);
        a.dropped(600);
        assertEquals(0, budget.held());
        ConnectionBudget.Account b = open();
        b.received(900);
        assertFalse(closed.get(0).get());
        assertFalse(closed.get(1).get());
    }

    @Test
    void closedConnection_givesBackWhatItHeld() {
        ConnectionBudget.Account a = open();
        a.received(999);
        a.closed();
        assertEquals(0, budget.held());
        assertEquals(0, budget.connections());
    }
}
