package io.boomscooter.driver.tcp;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One socket, accepted or dialled: its receive-side frame assembler, its send backlog and its life-cycle
 * state. A session object ticked by {@link TcpTransportPoller}, which owns opening and closing it and
 * gives its buffers back to the pool once it is closed.
 */
final class TcpConnection
{
    enum State
    {
        /**
         * Dialled, connect not finished: frames may be queued, nothing is read or written yet.
         */
        CONNECTING, OPEN, CLOSING, CLOSED
    }

    private final long id;
    private final SocketChannel channel;
    private final InetSocketAddress remoteAddress;
    private final TcpFramer framer;
    private final TcpFrameAssembler assembler;
    private final TcpSendBuffer sendBuffer;
    private final TcpTransportCounters counters;
    private SelectionKey selectionKey;
    private State state;
    private boolean writeInterest;
    private long sendPosition;
    private long closeDeadlineNs;
    private TcpBufferClaim activeClaim;
    boolean inFlushQueue;
    long connectDeadlineNs;
    TcpDisconnectReason connectFailure;

    /**
     * @param channel   the socket; null for a dial that failed before a socket existed.
     * @param connected false for a dialled connection whose connect is still in progress.
     */
    TcpConnection(
        final long id,
        final SocketChannel channel,
        final InetSocketAddress remoteAddress,
        final TcpFramer framer,
        final TcpFrameAssembler assembler,
        final TcpSendBuffer sendBuffer,
        final TcpTransportCounters counters,
        final boolean connected)
    {
        this.id = id;
        this.channel = channel;
        this.remoteAddress = remoteAddress;
        this.framer = framer;
        this.assembler = assembler;
        this.sendBuffer = sendBuffer;
        this.counters = counters;
        state = connected ? State.OPEN : State.CONNECTING;
    }

    TcpFramer framer()
    {
        return framer;
    }

    TcpFrameAssembler assembler()
    {
        return assembler;
    }

    TcpSendBuffer sendBuffer()
    {
        return sendBuffer;
    }

    /**
     * The dial finished: start reading, and writing whatever was queued meanwhile.
     */
    void onConnectFinished()
    {
        state = State.OPEN;
        updateInterest();
    }

    boolean isConnecting()
    {
        return state == State.CONNECTING;
    }

    long id()
    {
        return id;
    }

    SocketChannel channel()
    {
        return channel;
    }

    InetSocketAddress remoteAddress()
    {
        return remoteAddress;
    }

    State state()
    {
        return state;
    }

    boolean isOpen()
    {
        return state == State.OPEN;
    }

    void selectionKey(final SelectionKey selectionKey)
    {
        this.selectionKey = selectionKey;
    }

    /**
     * One read, then every complete frame to the handler. The handler may close this connection, in
     * which case dispatch stops at once.
     *
     * @return null while the connection stays open, otherwise why it must be closed.
     */
    TcpDisconnectReason receive(final TcpFrameHandler handler)
    {
        final int bytesRead;
        try
        {
            bytesRead = assembler.readFrom(channel);
        }
        catch (final IOException ex)
        {
            return TcpDisconnectReason.IO_ERROR;
        }

        if (bytesRead > 0)
        {
            TcpTransportCounters.add(counters.bytesIn, bytesRead);
        }

        // Frames that arrived before an EOF or a malformed frame are still delivered.
        int frameLength;
        while (state == State.OPEN && (frameLength = assembler.nextFrame()) >= 0)
        {
            TcpTransportCounters.increment(counters.framesIn);
            handler.onFrame(id, assembler.buffer(), assembler.frameOffset(), frameLength);
        }

        if (state != State.OPEN)
        {
            return null;
        }
        if (assembler.nextFrame() == TcpFrameAssembler.MALFORMED)
        {
            return assembler.malformedReason();
        }
        if (bytesRead < 0)
        {
            return assembler.pendingBytes() > 0 ?
                TcpDisconnectReason.PEER_CLOSED_MID_FRAME : TcpDisconnectReason.PEER_CLOSED;
        }
        return null;
    }

    /**
     * @return the framer's description after a malformed frame closed this connection.
     */
    String malformedDetail()
    {
        return assembler.malformedDetail();
    }

    /**
     * One write of the backlog; asks the selector for writability only while a backlog remains.
     *
     * @return null while the connection stays open, otherwise why it must be closed.
     */
    TcpDisconnectReason flush()
    {
        if (state == State.CONNECTING)
        {
            return null;
        }
        try
        {
            final int written = sendBuffer.flushTo(channel);
            if (written > 0)
            {
                TcpTransportCounters.add(counters.bytesOut, written);
            }
        }
        catch (final IOException ex)
        {
            return TcpDisconnectReason.IO_ERROR;
        }

        final boolean backlog = sendBuffer.backlog() > 0;
        if (backlog != writeInterest)
        {
            writeInterest = backlog;
            updateInterest();
        }

        if (!backlog && state == State.CLOSING)
        {
            return TcpDisconnectReason.CLOSED_BY_APPLICATION;
        }
        return null;
    }

    int backlog()
    {
        return sendBuffer.backlog();
    }

    long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = checkSendable(length);
        if (result < 0)
        {
            return result;
        }
        if (!framer.isValidMessage(buffer, offset, length))
        {
            return TcpSendResult.INVALID_LENGTH;
        }
        if (!sendBuffer.append(buffer, offset, length))
        {
            TcpTransportCounters.increment(counters.backPressureEvents);
            return TcpSendResult.BACK_PRESSURED;
        }
        return onFrameQueued(sendBuffer.frameLength(length));
    }

    long tryClaim(final int length, final TcpBufferClaim claim)
    {
        final long result = checkSendable(length);
        if (result < 0)
        {
            return result;
        }
        final int frameOffset = sendBuffer.claim(length);
        if (frameOffset < 0)
        {
            TcpTransportCounters.increment(counters.backPressureEvents);
            return TcpSendResult.BACK_PRESSURED;
        }
        claim.wrap(this, sendBuffer.buffer(), frameOffset, framer.headerLength(length), length);
        activeClaim = claim;
        return sendPosition + sendBuffer.frameLength(length);
    }

    boolean commitClaim(final int frameOffset, final int length)
    {
        activeClaim = null;
        if (!isSendable() || !sendBuffer.commitClaim(frameOffset, length))
        {
            return false;
        }
        onFrameQueued(sendBuffer.frameLength(length));
        return true;
    }

    void abortClaim(final int frameOffset)
    {
        activeClaim = null;
        sendBuffer.abortClaim(frameOffset);
    }

    /**
     * Stop reading and accept no more frames; the poller closes the connection once the backlog is out
     * or the deadline passes.
     */
    void startClosing(final long deadlineNs)
    {
        state = State.CLOSING;
        closeDeadlineNs = deadlineNs;
        sendBuffer.abortAnyClaim();
        updateInterest();
    }

    long closeDeadlineNs()
    {
        return closeDeadlineNs;
    }

    /**
     * Release the socket; idempotent. The buffers stay valid until the poller gives them back to its
     * pool at the end of the duty cycle, so a handler still inside {@code onFrame} reads intact bytes.
     */
    void close()
    {
        if (state != State.CLOSED)
        {
            state = State.CLOSED;
            if (null != activeClaim)
            {
                // An open claim must not write into a buffer another connection will soon own.
                activeClaim.detach(this);
                activeClaim = null;
            }
            if (null != selectionKey)
            {
                selectionKey.cancel();
            }
            if (null != channel)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException ignore)
                {
                    // Nothing more can be done for a socket that fails to close; the key is already cancelled.
                }
            }
        }
    }

    private boolean isSendable()
    {
        return state == State.OPEN || state == State.CONNECTING;
    }

    private long checkSendable(final int length)
    {
        if (!isSendable())
        {
            return state == State.CLOSING ? TcpSendResult.CLOSING : TcpSendResult.NOT_CONNECTED;
        }
        if (!framer.isValidMessageLength(length))
        {
            return TcpSendResult.INVALID_LENGTH;
        }
        return 0;
    }

    private long onFrameQueued(final int frameLength)
    {
        sendPosition += frameLength;
        TcpTransportCounters.increment(counters.framesOut);
        return sendPosition;
    }

    private void updateInterest()
    {
        if (null != selectionKey && selectionKey.isValid())
        {
            if (state == State.CONNECTING)
            {
                selectionKey.interestOps(SelectionKey.OP_CONNECT);
                return;
            }
            final int readOps = state == State.OPEN ? SelectionKey.OP_READ : 0;
            selectionKey.interestOps(readOps | (writeInterest ? SelectionKey.OP_WRITE : 0));
        }
    }
}
