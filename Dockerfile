# One image for every service: the `platform` CLI hosts any of them (`serve NAME`).
#   docker build -t platform .          docker run platform serve registry
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish tools/Platform.Cli/Platform.Cli.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV Platform__BindAddress=0.0.0.0 \
    Platform__GrpcPort=5080 \
    Platform__HttpPort=5081
EXPOSE 5080 5081
USER app
ENTRYPOINT ["dotnet", "platform.dll"]
