<?xml version="1.0"?>
<!-- tests/xslt/debug-dump.xsl - libxslt:debug dumps the stacks (not
     printed), then document() is refused: the refusal is the message. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:libxslt="http://xmlsoft.org/XSLT/namespace"
    xmlns:dyn="http://exslt.org/dynamic"
    extension-element-prefixes="libxslt">
  <xsl:template match="/">
    <xsl:variable name="v" select="1"/>
    <libxslt:debug/>
    <out a="{dyn:evaluate('count(document(&quot;/etc/passwd&quot;))')}"/>
  </xsl:template>
</xsl:stylesheet>
