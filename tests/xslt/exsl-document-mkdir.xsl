<?xml version="1.0"?>
<!-- tests/xslt/exsl-document-mkdir.xsl - exsl:document into a directory
     that does not exist: creating it must be refused. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common"
    extension-element-prefixes="exsl">
  <xsl:template match="/">
    <exsl:document href="/tmp/gcx-xslt-sandbox-dir/sub/f.txt"
                   method="text">x</exsl:document>
    <out/>
  </xsl:template>
</xsl:stylesheet>
