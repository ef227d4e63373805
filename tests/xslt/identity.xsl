<?xml version="1.0"?>
<!-- tests/xslt/identity.xsl - the identity transform, and the in-scope
     namespaces of the record made visible (namespace axis). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/*">
    <xsl:copy>
      <xsl:attribute name="nsdecl">
        <xsl:for-each select="namespace::*[name() != 'xml']">
          <xsl:sort select="name()"/>
          <xsl:value-of select="concat(name(), '=', ., ' ')"/>
        </xsl:for-each>
      </xsl:attribute>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
</xsl:stylesheet>
