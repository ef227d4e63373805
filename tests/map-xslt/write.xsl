<?xml version="1.0"?>
<!-- tests/map-xslt/write.xsl - a hostile stylesheet: writes a file with
     exsl:document. The sandbox must refuse it and create nothing. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common"
    extension-element-prefixes="exsl">
  <xsl:template match="/rec">
    <exsl:document href="/tmp/gcx-map-xslt-written.txt" method="text">
      <xsl:text>written by a mapping's stylesheet</xsl:text>
    </exsl:document>
    <person><id><xsl:value-of select="f[@n='id']"/></id></person>
  </xsl:template>
</xsl:stylesheet>
