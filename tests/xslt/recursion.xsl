<?xml version="1.0"?>
<!-- tests/xslt/recursion.xsl - a named template calling itself for ever:
     must end with an error, not a crash. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="loop">
    <xsl:param name="n" select="0"/>
    <x>
      <xsl:call-template name="loop">
        <xsl:with-param name="n" select="$n + 1"/>
      </xsl:call-template>
    </x>
  </xsl:template>
  <xsl:template match="/"><out><xsl:call-template name="loop"/></out>
  </xsl:template>
</xsl:stylesheet>
