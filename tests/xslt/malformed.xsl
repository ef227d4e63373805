<?xml version="1.0"?>
<!-- tests/xslt/malformed.xsl - not well-formed: the end tag on line 7
     does not match. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <out></xsl:template>
</xsl:stylesheet>
