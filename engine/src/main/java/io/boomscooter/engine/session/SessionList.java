package io.boomscooter.engine.session;

import org.agrona.CloseHelper;

import java.util.ArrayList;

/**
 * The sessions one agent owns: ticks each in turn and closes and drops those that are done, without
 * allocating (swap-remove on an {@link ArrayList} whose capacity only grows).
 *
 * @param <S> the session type.
 */
public final class SessionList<S extends Session>
{
    private final ArrayList<S> sessions = new ArrayList<>();

    public void add(final S session)
    {
        sessions.add(session);
    }

    public int size()
    {
        return sessions.size();
    }

    public S get(final int index)
    {
        return sessions.get(index);
    }

    /**
     * Ticks every session, then closes and removes the ones that are done.
     *
     * @return work done.
     */
    public int doWork(final long nowNs)
    {
        int work = 0;
        for (int i = 0; i < sessions.size(); )
        {
            final S session = sessions.get(i);
            if (!session.isDone())
            {
                work += session.doWork(nowNs);
            }
            if (session.isDone())
            {
                removeAt(i);
                work++;
            }
            else
            {
                i++;
            }
        }
        return work;
    }

    /** Aborts every session with the reason and closes them all (an owner shutting down). */
    public void abortAll(final String reason)
    {
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final S session = sessions.get(i);
            session.abort(reason);
            CloseHelper.quietClose(session);
        }
        sessions.clear();
    }

    private void removeAt(final int index)
    {
        final S session = sessions.get(index);
        final int last = sessions.size() - 1;
        sessions.set(index, sessions.get(last));
        sessions.remove(last);
        CloseHelper.quietClose(session);
    }
}
