<?xml version="1.0"?>
<!-- tests/xslt/document-relative.xsl - document() of a sibling file and
     of the stylesheet itself (''): both refused. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <out>
      <xsl:value-of select="count(document('rename.xsl'))"/>
      <xsl:value-of select="count(document(''))"/>
    </out>
  </xsl:template>
</xsl:stylesheet>
