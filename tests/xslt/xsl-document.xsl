<?xml version="1.0"?>
<!-- tests/xslt/xsl-document.xsl - libxslt's XSLT 1.1 xsl:document
     writing a file: refused like exsl:document. -->
<xsl:stylesheet version="1.1"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <xsl:document href="/tmp/gcx-xslt-sandbox-written-11.txt"
                  method="text">x</xsl:document>
    <out/>
  </xsl:template>
</xsl:stylesheet>
