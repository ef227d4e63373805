<?xml version="1.0"?>
<!-- tests/xslt/exponential.xsl - a recursion of depth 40 calling itself
     twice (2^40 calls): the work bound must stop it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="f">
    <xsl:param name="n"/>
    <xsl:if test="$n &gt; 0">
      <xsl:call-template name="f">
        <xsl:with-param name="n" select="$n - 1"/>
      </xsl:call-template>
      <xsl:call-template name="f">
        <xsl:with-param name="n" select="$n - 1"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>
  <xsl:template match="/">
    <out><xsl:call-template name="f">
      <xsl:with-param name="n" select="40"/>
    </xsl:call-template></out>
  </xsl:template>
</xsl:stylesheet>
