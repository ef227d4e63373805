<?xml version="1.0"?>
<!-- tests/xslt/bad-xpath.xsl - well-formed, but the select on line 7 is
     not an XPath expression. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <out><xsl:value-of select="count(("/></out>
  </xsl:template>
</xsl:stylesheet>
