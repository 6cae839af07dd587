package io.boomscooter.engine.exchange;

/**
 * The tag numbers a gofast packet uses, in the two numberings gofast has had: {@link #CURRENT} (since its
 * commit "Tag-Rename: to be compliant with IANA CBOR-TAGS", the default) and {@link #SEED} (the older one the
 * protocol note shows: tag 37 for a message). Opaque values (exchange ids) are CBOR tags too, so each numbering
 * has its own opaque space.
 */
public enum GofastTags
{
    /** tagMsg 43, tagId 44, tagData 45, gzip 46, lzw 47; opaques 266–1000, 1004–22097, 22099–55798, 55800–15309735. */
    CURRENT(43, 266, 15_309_735),
    /** tagMsg 37, tagId 38, tagData 39, gzip 40, lzw 41; opaques 256–55797. */
    SEED(37, 256, 55_797);

    final long msg;
    final long id;
    final long data;
    final long gzip;
    final long lzw;
    final long opaqueMin;
    final long opaqueMax;

    GofastTags(final long msg, final long opaqueMin, final long opaqueMax)
    {
        this.msg = msg;
        this.id = msg + 1;
        this.data = msg + 2;
        this.gzip = msg + 3;
        this.lzw = msg + 4;
        this.opaqueMin = opaqueMin;
        this.opaqueMax = opaqueMax;
    }

    /**
     * @return true when the value may be an opaque in this numbering (the current one skips 1001–1003, 22098 and
     * 55799, tags the library gives other meanings).
     */
    public boolean isOpaque(final long value)
    {
        if (value < opaqueMin || value > opaqueMax)
        {
            return false;
        }
        return this == SEED || !(value > 1000 && value < 1004) && value != 22098 && value != 55799;
    }

    /** @return the compression tag for a name gofast puts in its whoami tags, or -1. */
    long compressionTag(final String name)
    {
        switch (name)
        {
            case "gzip":
                return gzip;
            case "lzw":
                return lzw;
            default:
                return -1;
        }
    }
}
