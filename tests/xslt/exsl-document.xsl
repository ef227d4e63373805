<?xml version="1.0"?>
<!-- tests/xslt/exsl-document.xsl - tries to write a file with
     exsl:document: must be refused and the file never created. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common"
    extension-element-prefixes="exsl">
  <xsl:template match="/">
    <exsl:document href="/tmp/gcx-xslt-sandbox-written.txt" method="text">
      <xsl:text>written by a sandboxed stylesheet</xsl:text>
    </exsl:document>
    <out/>
  </xsl:template>
</xsl:stylesheet>
